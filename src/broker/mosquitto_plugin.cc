// libiotsql_mosquitto.so: the rules engine inside Mosquitto 2.0 (plug-in API version 5).
//
//   plugin /usr/lib/iotsql/libiotsql_mosquitto.so
//   plugin_opt_rules /etc/iotsql/rules           # a rule file or a folder of *.json rules
//   plugin_opt_sinks local                       # or aws
//   plugin_opt_out /var/lib/iotsql               # local backend's output folder
//   plugin_opt_proto_descriptors /etc/iotsql/descriptors   # decode(v, 'proto', bucket, key, ...)
//
// Threads. Mosquitto runs every plug-in callback on its one main thread, and nothing in
// mosquitto_broker.h is thread-safe: mosquitto_broker_publish(_copy) appends to a global list
// (db.plugin_msgs) without a lock, and mosquitto_log_printf may publish to $SYS/broker/log. So:
//  - MOSQ_EVT_MESSAGE evaluates the rules on the broker thread (microseconds) and the engine
//    queues the actions for its own dispatch threads; only a full queue makes the broker wait
//    (back-pressure, sized by plugin_opt_queue).
//  - `republish` actions are put in an outbox by the dispatch threads and published with
//    mosquitto_broker_publish_copy on the broker thread, at the next message or tick (the main
//    loop ticks at least every 100 ms). Messages published that way do not pass through
//    MOSQ_EVT_MESSAGE again, so a rule cannot trigger itself in a loop (AWS would run the rules
//    on the republished topic).
//  - reloads (SIGHUP, or changed files seen on MOSQ_EVT_TICK) run on the broker thread between
//    two messages, so every message sees either the old rule set or the new one.
#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>
#include <mqtt_protocol.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstring>
#include <dirent.h>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "broker/routing_sink.h"
#include "iotsql/engine.h"
#include "iotsql/protobuf.h"
#include "iotsql/sinks.h"

#define IOTSQL_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

namespace iotsql::broker {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// mtime and size of the rule file, or of every *.json file of the folder: a changed value means
// the rules may have changed.
std::string Fingerprint(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return "missing";
  auto stamp = [](const struct stat& s) {
    return absl::StrCat(s.st_mtim.tv_sec, ".", s.st_mtim.tv_nsec, ":", s.st_size, ":", s.st_ino);
  };
  if (!S_ISDIR(st.st_mode)) return stamp(st);
  std::vector<std::string> names;
  if (DIR* dir = opendir(path.c_str())) {
    while (dirent* e = readdir(dir)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) names.push_back(name);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& name : names) {
    struct stat f;
    if (stat((path + "/" + name).c_str(), &f) == 0) absl::StrAppend(&out, name, "=", stamp(f), ";");
  }
  return out;
}

bool ParseInt(const std::string& text, int min, int* out) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min) return false;
  *out = v;
  return true;
}

class Plugin {
 public:
  explicit Plugin(mosquitto_plugin_id_t* id) : id_(id) {}
  mosquitto_plugin_id_t* id() const { return id_; }

  // Reads the plugin_opt_* options; false (logged) when one is wrong.
  bool Configure(const mosquitto_opt* options, int count) {
    for (int i = 0; i < count; ++i) {
      std::string key = options[i].key ? options[i].key : "";
      std::string value = options[i].value ? options[i].value : "";
      bool ok = true;
      if (key == "rules") {
        rules_path_ = value;
      } else if (key == "sinks") {
        sink_config_.backend = value;
        ok = value == "local" || value == "aws";
      } else if (key == "out") {
        sink_config_.out_dir = value;
      } else if (key == "endpoint_url") {
        sink_config_.endpoint_url = value;
      } else if (key == "region") {
        sink_config_.region = value;
      } else if (key == "threads") {
        ok = ParseInt(value, 1, &engine_options_.dispatch_threads);
      } else if (key == "queue") {
        int q = 0;
        ok = ParseInt(value, 1, &q);
        engine_options_.queue_capacity = static_cast<size_t>(q);
      } else if (key == "max_attempts") {
        ok = ParseInt(value, 1, &engine_options_.max_attempts);
      } else if (key == "poll_ms") {
        ok = ParseInt(value, 0, &poll_ms_);
      } else if (key == "max_topic_levels") {
        // AWS's 8 levels by default; a broker with deeper topics raises it.
        ok = ParseInt(value, 1, &engine_options_.limits.max_topic_levels);
      } else if (key == "max_topic_bytes") {
        int bytes = 0;
        ok = ParseInt(value, 1, &bytes);
        engine_options_.limits.max_topic_bytes = static_cast<size_t>(bytes);
      } else if (key == "proto_descriptors") {
        // decode(v, 'proto', bucket, key, ...) reads value/bucket/key.
        protobuf_ = NewLocalProtobufProvider(value);
        engine_options_.provider = protobuf_.get();
      } else {
        // Options of other plug-ins share the namespace only when listeners are configured per
        // plug-in; still, a typo here should be visible.
        mosquitto_log_printf(MOSQ_LOG_WARNING, "iotsql: unknown option plugin_opt_%s ignored",
                             key.c_str());
      }
      if (!ok) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "iotsql: bad value for plugin_opt_%s: '%s'",
                             key.c_str(), value.c_str());
        return false;
      }
    }
    if (rules_path_.empty()) {
      mosquitto_log_printf(MOSQ_LOG_ERR,
                           "iotsql: plugin_opt_rules is required (a rule file or a folder)");
      return false;
    }
    return true;
  }

  bool Start() {
    absl::StatusOr<std::unique_ptr<AsyncActionSink>> backend =
        MakeBackendSink(sink_config_, [this](const std::string& line) { QueueLog(line); });
    if (!backend.ok()) {
      mosquitto_log_printf(MOSQ_LOG_ERR, "iotsql: %s",
                           std::string(backend.status().message()).c_str());
      return false;
    }
    backend_ = std::move(*backend);
    sink_ = std::make_unique<RoutingSink>(
        backend_.get(), [this](OutgoingMessage m) { return QueueRepublish(std::move(m)); });
    engine_options_.sink = sink_.get();
    engine_ = std::make_unique<RuleEngine>(engine_options_);
    fingerprint_ = Fingerprint(rules_path_);
    absl::StatusOr<std::vector<RuleDocument>> rules = LoadRules(rules_path_);
    absl::Status added = rules.ok() ? engine_->AddRules(*rules) : rules.status();
    if (!added.ok()) {
      mosquitto_log_printf(MOSQ_LOG_ERR, "iotsql: cannot load the rules of %s:\n%s",
                           rules_path_.c_str(), std::string(added.message()).c_str());
      return false;
    }
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "iotsql: %zu rules loaded from %s, %s sinks%s%s",
                         rules->size(), rules_path_.c_str(), sink_config_.backend.c_str(),
                         sink_config_.backend == "local" ? " in " : "",
                         sink_config_.backend == "local" ? sink_config_.out_dir.c_str() : "");
    next_poll_ms_ = SteadyMs() + poll_ms_;
    return true;
  }

  void Stop() {
    engine_.reset();   // drains the dispatch queue
    sink_.reset();
    backend_.reset();
    std::lock_guard<std::mutex> lock(mu_);
    if (!outbox_.empty()) {
      // The broker no longer runs its loop: these can no longer be delivered.
      mosquitto_log_printf(MOSQ_LOG_WARNING, "iotsql: %zu republished messages dropped at shutdown",
                           outbox_.size());
    }
  }

  void OnMessage(const mosquitto_evt_message& ev) {
    MessageContext context;
    context.topic = ev.topic;
    if (const char* id = mosquitto_client_id(ev.client)) context.clientid = id;
    if (const char* user = mosquitto_client_username(ev.client)) context.principal = user;
    if (const char* address = mosquitto_client_address(ev.client)) context.sourceip = address;
    context.timestamp_ms = NowMs();
    ReadMqttProperties(ev.properties, &context, mosquitto_free);
    std::string_view payload(static_cast<const char*>(ev.payload), ev.payloadlen);
    absl::StatusOr<int> outputs = engine_->Publish(context.topic, payload, context);
    if (!outputs.ok()) ++publish_errors_;
    Drain();
  }

  void OnTick() {
    Drain();
    if (poll_ms_ <= 0) return;
    int64_t now = SteadyMs();
    if (now < next_poll_ms_) return;
    next_poll_ms_ = now + poll_ms_;
    std::string fingerprint = Fingerprint(rules_path_);
    if (fingerprint != fingerprint_) Reload("the rule files changed");
  }

  void OnReload(const mosquitto_evt_reload& ev) {
    for (int i = 0; i < ev.option_count; ++i) {
      // A SIGHUP re-reads mosquitto.conf: follow a changed rule path.
      if (ev.options[i].key && ev.options[i].value && std::strcmp(ev.options[i].key, "rules") == 0)
        rules_path_ = ev.options[i].value;
    }
    Reload("SIGHUP");
  }

  // Loads every rule anew. On any error the old rules stay, and the log says why; the
  // fingerprint is taken first, so that a bad file is reported once, not at every poll.
  void Reload(const char* why) {
    fingerprint_ = Fingerprint(rules_path_);
    std::vector<std::string> old_names = engine_->RuleNames();
    absl::StatusOr<std::vector<RuleDocument>> rules = LoadRules(rules_path_);
    absl::Status status = rules.ok() ? engine_->AddRules(*rules) : rules.status();
    if (!status.ok()) {
      mosquitto_log_printf(MOSQ_LOG_ERR,
                           "iotsql: reload (%s) failed, keeping the %zu rules loaded before:\n%s",
                           why, old_names.size(), std::string(status.message()).c_str());
      return;
    }
    // AddRules replaced and added; rules whose files are gone go now. Both swaps happen on
    // this thread, between two messages, so no message sees a mixture.
    std::set<std::string> keep;
    for (const RuleDocument& d : *rules) keep.insert(d.name);
    size_t removed = 0;
    for (const std::string& name : old_names) {
      if (keep.count(name) == 0 && engine_->RemoveRule(name).ok()) ++removed;
    }
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "iotsql: reloaded %zu rules from %s (%s; %zu removed)",
                         rules->size(), rules_path_.c_str(), why, removed);
  }

 private:
  // Dispatch threads: never touch the broker here (see the top of the file).
  absl::Status QueueRepublish(OutgoingMessage m) {
    std::lock_guard<std::mutex> lock(mu_);
    outbox_.push_back(std::move(m));
    pending_.store(true, std::memory_order_release);
    return absl::OkStatus();
  }
  void QueueLog(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    logs_.push_back(line);
    pending_.store(true, std::memory_order_release);
  }

  // Broker thread.
  void Drain() {
    if (!pending_.load(std::memory_order_acquire)) return;
    std::vector<OutgoingMessage> out;
    std::vector<std::string> logs;
    {
      std::lock_guard<std::mutex> lock(mu_);
      out.swap(outbox_);
      logs.swap(logs_);
      pending_.store(false, std::memory_order_relaxed);
    }
    for (const std::string& line : logs)
      mosquitto_log_printf(MOSQ_LOG_WARNING, "iotsql: %s", line.c_str());
    for (const OutgoingMessage& m : out) {
      int rc = mosquitto_broker_publish_copy(nullptr, m.topic.c_str(),
                                             static_cast<int>(m.payload.size()),
                                             m.payload.data(), m.qos, false, nullptr);
      if (rc != MOSQ_ERR_SUCCESS) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "iotsql: republish to %s failed: %s", m.topic.c_str(),
                             mosquitto_strerror(rc));
      }
    }
  }

  mosquitto_plugin_id_t* id_;
  std::string rules_path_;
  SinkConfig sink_config_;
  EngineOptions engine_options_;
  std::unique_ptr<ExternalProvider> protobuf_;  // outlives engine_ (declared before it)
  int poll_ms_ = 1000;
  int64_t next_poll_ms_ = 0;
  std::string fingerprint_;
  uint64_t publish_errors_ = 0;
  std::unique_ptr<AsyncActionSink> backend_;
  std::unique_ptr<RoutingSink> sink_;
  std::unique_ptr<RuleEngine> engine_;

  std::mutex mu_;
  std::vector<OutgoingMessage> outbox_;
  std::vector<std::string> logs_;
  std::atomic<bool> pending_{false};
};

int OnMessageEvent(int, void* event_data, void* userdata) {
  static_cast<Plugin*>(userdata)->OnMessage(*static_cast<mosquitto_evt_message*>(event_data));
  return MOSQ_ERR_SUCCESS;
}
int OnTickEvent(int, void*, void* userdata) {
  static_cast<Plugin*>(userdata)->OnTick();
  return MOSQ_ERR_SUCCESS;
}
int OnReloadEvent(int, void* event_data, void* userdata) {
  static_cast<Plugin*>(userdata)->OnReload(*static_cast<mosquitto_evt_reload*>(event_data));
  return MOSQ_ERR_SUCCESS;
}

struct Registration {
  int event;
  MOSQ_FUNC_generic_callback callback;
};
constexpr Registration kCallbacks[] = {
    {MOSQ_EVT_MESSAGE, OnMessageEvent},
    {MOSQ_EVT_TICK, OnTickEvent},
    {MOSQ_EVT_RELOAD, OnReloadEvent},
};

}  // namespace
}  // namespace iotsql::broker

IOTSQL_PLUGIN_EXPORT int mosquitto_plugin_version(int supported_version_count,
                                                  const int* supported_versions) {
  for (int i = 0; i < supported_version_count; ++i) {
    if (supported_versions[i] == 5) return 5;
  }
  return -1;
}

IOTSQL_PLUGIN_EXPORT int mosquitto_plugin_init(mosquitto_plugin_id_t* identifier, void** userdata,
                                               struct mosquitto_opt* options, int option_count) {
  using iotsql::broker::Plugin;
  auto plugin = std::make_unique<Plugin>(identifier);
  if (!plugin->Configure(options, option_count) || !plugin->Start()) return MOSQ_ERR_INVAL;
  for (const auto& r : iotsql::broker::kCallbacks) {
    int rc = mosquitto_callback_register(identifier, r.event, r.callback, nullptr, plugin.get());
    if (rc != MOSQ_ERR_SUCCESS) {
      mosquitto_log_printf(MOSQ_LOG_ERR, "iotsql: cannot register for event %d: %s", r.event,
                           mosquitto_strerror(rc));
      return rc;
    }
  }
  *userdata = plugin.release();
  return MOSQ_ERR_SUCCESS;
}

IOTSQL_PLUGIN_EXPORT int mosquitto_plugin_cleanup(void* userdata, struct mosquitto_opt*, int) {
  auto* plugin = static_cast<iotsql::broker::Plugin*>(userdata);
  if (plugin == nullptr) return MOSQ_ERR_SUCCESS;
  for (const auto& r : iotsql::broker::kCallbacks)
    mosquitto_callback_unregister(plugin->id(), r.event, r.callback, nullptr);
  plugin->Stop();   // lets queued actions finish
  delete plugin;
  return MOSQ_ERR_SUCCESS;
}
