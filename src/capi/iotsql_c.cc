// The C API (include/iotsql/iotsql_c.h) over RuleEngine: status codes instead of absl::Status,
// a thread-local error text, and no exception ever crossing into C.
#include "iotsql/iotsql_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "iotsql/engine.h"

namespace {

thread_local std::string last_error;

iotsql_status Fail(iotsql_status code, std::string message) {
  last_error = std::move(message);
  return code;
}

iotsql_status FromStatus(const absl::Status& s) {
  if (s.ok()) {
    last_error.clear();
    return IOTSQL_OK;
  }
  iotsql_status code = s.code() == absl::StatusCode::kInvalidArgument ? IOTSQL_INVALID_ARGUMENT
                       : s.code() == absl::StatusCode::kNotFound      ? IOTSQL_NOT_FOUND
                                                                      : IOTSQL_INTERNAL;
  return Fail(code, std::string(s.message()));
}

// Runs `f`, turning any exception into IOTSQL_INTERNAL.
template <typename F>
iotsql_status Guard(F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return Fail(IOTSQL_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return Fail(IOTSQL_INTERNAL, e.what());
  } catch (...) {
    return Fail(IOTSQL_INTERNAL, "unknown error");
  }
}

class CSink : public iotsql::ActionSink {
 public:
  CSink(iotsql_sink_fn fn, void* user) : fn_(fn), user_(user) {}
  absl::Status Deliver(const iotsql::ActionRequest& r) override {
    iotsql_action_request c;
    c.rule_name = r.rule_name.c_str();
    c.action_index = r.action_index;
    c.is_error_action = r.is_error_action ? 1 : 0;
    c.kind = r.kind.c_str();
    c.params_json = r.params_json.c_str();
    c.payload = r.payload.data();
    c.payload_len = r.payload.size();
    c.binary = r.binary ? 1 : 0;
    c.topic = r.topic.c_str();
    c.clientid = r.clientid.c_str();
    c.error_message = r.error_message.c_str();
    char error[512] = {0};
    if (fn_(user_, &c, error, sizeof(error)) == 0) return absl::OkStatus();
    error[sizeof(error) - 1] = '\0';
    return absl::UnavailableError(error[0] ? error : "the sink reported a failure");
  }

 private:
  iotsql_sink_fn fn_;
  void* user_;
};

bool Missing(const void* p, const char* what, iotsql_status* status) {
  if (p != nullptr) return false;
  *status = Fail(IOTSQL_INVALID_ARGUMENT, std::string(what) + " is NULL");
  return true;
}

}  // namespace

struct iotsql_engine {
  std::unique_ptr<CSink> sink;
  std::unique_ptr<iotsql::RuleEngine> engine;  // after `sink`: destroyed (drained) first
};

extern "C" {

const char* iotsql_last_error(void) { return last_error.c_str(); }

void iotsql_engine_options_init(iotsql_engine_options* options) {
  if (options == nullptr) return;
  iotsql::EngineOptions defaults;
  options->sink = nullptr;
  options->sink_user = nullptr;
  options->dispatch_threads = defaults.dispatch_threads;
  options->queue_capacity = defaults.queue_capacity;
  options->max_attempts = defaults.max_attempts;
}

iotsql_status iotsql_engine_new(const iotsql_engine_options* options, iotsql_engine** engine) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status)) return status;
    *engine = nullptr;
    iotsql_engine_options defaults;
    iotsql_engine_options_init(&defaults);
    const iotsql_engine_options& o = options != nullptr ? *options : defaults;
    auto e = std::make_unique<iotsql_engine>();
    iotsql::EngineOptions eo;
    if (o.sink != nullptr) {
      e->sink = std::make_unique<CSink>(o.sink, o.sink_user);
      eo.sink = e->sink.get();
    }
    eo.dispatch_threads = o.dispatch_threads;
    eo.queue_capacity = o.queue_capacity;
    eo.max_attempts = o.max_attempts;
    e->engine = std::make_unique<iotsql::RuleEngine>(eo);
    *engine = e.release();
    last_error.clear();
    return IOTSQL_OK;
  });
}

void iotsql_engine_free(iotsql_engine* engine) {
  if (engine == nullptr) return;
  try {
    engine->engine.reset();
    delete engine;
  } catch (...) {
    // Nothing sensible to report from a destructor; never unwind into C.
  }
}

iotsql_status iotsql_engine_add_rule_json(iotsql_engine* engine, const char* name, const char* json,
                                          size_t json_len) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(json, "json", &status)) return status;
    absl::StatusOr<iotsql::RuleDocument> doc =
        iotsql::ParseRuleDocument(std::string_view(json, json_len), name != nullptr ? name : "");
    if (!doc.ok()) return FromStatus(doc.status());
    return FromStatus(engine->engine->AddRule(*doc));
  });
}

iotsql_status iotsql_engine_load_rules(iotsql_engine* engine, const char* path) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(path, "path", &status)) return status;
    return FromStatus(engine->engine->AddRuleFile(path));
  });
}

iotsql_status iotsql_engine_remove_rule(iotsql_engine* engine, const char* name) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(name, "name", &status)) return status;
    return FromStatus(engine->engine->RemoveRule(name));
  });
}

iotsql_status iotsql_engine_set_rule_enabled(iotsql_engine* engine, const char* name, int enabled) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(name, "name", &status)) return status;
    return FromStatus(engine->engine->SetRuleEnabled(name, enabled != 0));
  });
}

iotsql_status iotsql_engine_publish(iotsql_engine* engine, const char* topic, const void* payload,
                                    size_t payload_len, const iotsql_message_context* context,
                                    int* outputs) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(topic, "topic", &status)) return status;
    if (payload == nullptr && payload_len > 0) {
      return Fail(IOTSQL_INVALID_ARGUMENT, "payload is NULL");
    }
    // One context per thread, so that its strings' memory is reused from message to message.
    thread_local iotsql::MessageContext c;
    const iotsql_message_context none{};
    const iotsql_message_context& in = context != nullptr ? *context : none;
    c.clientid.assign(in.clientid != nullptr ? in.clientid : "");
    c.principal.assign(in.principal != nullptr ? in.principal : "");
    auto optional = [](const char* s) {
      return s != nullptr ? std::optional<std::string>(s) : std::nullopt;
    };
    c.traceid = optional(in.traceid);
    c.sourceip = optional(in.sourceip);
    c.timestamp_ms = in.has_timestamp ? std::optional<int64_t>(in.timestamp_ms) : std::nullopt;
    std::string_view bytes(payload_len > 0 ? static_cast<const char*>(payload) : "", payload_len);
    absl::StatusOr<int> n = engine->engine->Publish(topic, bytes, c);
    if (!n.ok()) return FromStatus(n.status());
    if (outputs != nullptr) *outputs = *n;
    last_error.clear();
    return IOTSQL_OK;
  });
}

void iotsql_engine_flush(iotsql_engine* engine) {
  if (engine == nullptr) return;
  try {
    engine->engine->Flush();
  } catch (...) {
  }
}

iotsql_status iotsql_engine_rule_metrics(const iotsql_engine* engine, const char* rule,
                                         iotsql_rule_metrics* metrics) {
  return Guard([&] {
    iotsql_status status;
    if (Missing(engine, "engine", &status) || Missing(rule, "rule", &status) ||
        Missing(metrics, "metrics", &status)) {
      return status;
    }
    std::optional<iotsql::RuleMetrics> m = engine->engine->GetRuleMetrics(rule);
    if (!m) return Fail(IOTSQL_NOT_FOUND, std::string("no rule named '") + rule + "'");
    metrics->matched = m->matched;
    metrics->evaluated = m->evaluated;
    metrics->rejected_by_where = m->rejected_by_where;
    metrics->errors = m->errors;
    metrics->outputs = m->outputs;
    last_error.clear();
    return IOTSQL_OK;
  });
}

char* iotsql_engine_metrics_text(const iotsql_engine* engine) {
  if (engine == nullptr) return nullptr;
  try {
    std::string text = engine->engine->PrometheusMetrics();
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out == nullptr) return nullptr;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
  } catch (...) {
    last_error = "could not format the metrics";
    return nullptr;
  }
}

void iotsql_free(void* p) { std::free(p); }

}  // extern "C"
