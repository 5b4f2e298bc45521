// `iotsql serve --mqtt HOST:PORT RULES...`: the rules engine beside a broker (or a cluster), a
// libmosquitto client on MQTT 5 shared subscriptions, so that N instances split the traffic.
#include "cli/commands.h"

#include <iostream>

#if IOTSQL_HAVE_MOSQUITTO
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "broker/routing_sink.h"
#include "iotsql/engine.h"
#include "iotsql/protobuf.h"
#include "iotsql/sinks.h"
#endif

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql serve --mqtt HOST:PORT RULES... [--group NAME] [--sinks local|aws]\n"
    "                    [--out DIR] [--endpoint-url URL] [--region R] [--id CLIENT_ID]\n"
    "                    [--qos 0|1|2] [--threads N] [--username U] [--password P]\n"
    "                    [--cafile F] [--capath D] [--cert F] [--key F] [--insecure]\n"
    "                    [--proto-descriptors DIR] [--max-topic-levels N]\n"
    "\n"
    "Connects to an MQTT broker (MQTT 5), subscribes to every rule's FROM filter as the shared\n"
    "subscription $share/GROUP/FILTER, and runs the rules on the messages it receives, as the\n"
    "rules engine of AWS IoT Core would. Run several instances with the same --group and the\n"
    "broker gives each message to one of them. republish actions publish through the same\n"
    "connection; the other actions go to the sink backend. SIGINT or SIGTERM: unsubscribe,\n"
    "deliver the queued actions, disconnect, print a summary.\n"
    "\n"
    "  --mqtt HOST:PORT     the broker (port 1883 when omitted; 8883 with TLS)\n"
    "  --group NAME         the shared-subscription group (default iotsql)\n"
    "  --sinks local|aws    where actions go (default local)\n"
    "  --out DIR            local backend's folder (default iotsql-out)\n"
    "  --endpoint-url URL   aws backend: endpoint (moto, LocalStack); --region R\n"
    "  --id ID              MQTT client id (default: chosen by the broker)\n"
    "  --qos N              subscription QoS (default 1)\n"
    "  --threads N          action dispatch threads per subscription (default 2)\n"
    "  --username, --password, --cafile, --capath, --cert, --key, --insecure: as mosquitto_sub\n"
    "  --proto-descriptors DIR  decode(v, 'proto', bucket, key, ...) reads DIR/bucket/key\n"
    "  --max-topic-levels N     topics and FROM filters may have N levels (default 8, as AWS)\n"
    "\n"
    "Exit codes: 0 ok, 1 rule, sink or connection error, 2 usage error.\n";

#if IOTSQL_HAVE_MOSQUITTO

using broker::FilterCovers;
using broker::OutgoingMessage;

bool ParseIntArg(const std::string& text, int min, int max, int* out) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  *out = v;
  return true;
}

// One subscription and the rules it feeds. A message that matches two of our filters arrives
// once per subscription (and with shared subscriptions possibly at two different instances),
// so each rule belongs to exactly one subscription, and a message runs only the rules of the
// subscription it came through (MQTT 5 subscription identifiers say which). Filters covered by
// another one are not subscribed at all: their rules join the wider subscription.
struct Route {
  std::string filter;
  std::vector<RuleDocument> rules;
  std::unique_ptr<RuleEngine> engine;
};

struct Service {
  struct mosquitto* mosq = nullptr;
  std::string group;
  int qos = 1;
  std::vector<Route> routes;
  std::atomic<uint64_t> messages{0}, unrouted{0}, outputs{0}, republish_failures{0};
  std::mutex mu;
  std::condition_variable cv;
  int pending_subacks = 0;
  bool subscribed = false;
  bool unsubscribed = false;
  bool connected_once = false;
  std::string failure;
};

void OnConnect(struct mosquitto* mosq, void* obj, int rc, int, const mosquitto_property*) {
  auto* s = static_cast<Service*>(obj);
  if (rc != 0) {
    std::cerr << "iotsql serve: connection refused: " << mosquitto_reason_string(rc) << "\n";
    return;
  }
  std::lock_guard<std::mutex> lock(s->mu);
  s->connected_once = true;
  s->pending_subacks = 0;
  // A clean session: subscribe again at every (re)connection.
  for (size_t i = 0; i < s->routes.size(); ++i) {
    mosquitto_property* props = nullptr;
    mosquitto_property_add_varint(&props, MQTT_PROP_SUBSCRIPTION_IDENTIFIER,
                                  static_cast<uint32_t>(i + 1));
    std::string shared = absl::StrCat("$share/", s->group, "/", s->routes[i].filter);
    int sub_rc = mosquitto_subscribe_v5(mosq, nullptr, shared.c_str(), s->qos, 0, props);
    mosquitto_property_free_all(&props);
    if (sub_rc != MOSQ_ERR_SUCCESS) {
      std::cerr << "iotsql serve: cannot subscribe to " << shared << ": "
                << mosquitto_strerror(sub_rc) << "\n";
    } else {
      ++s->pending_subacks;
    }
  }
}

void OnSubscribe(struct mosquitto*, void* obj, int, int count, const int* granted,
                 const mosquitto_property*) {
  auto* s = static_cast<Service*>(obj);
  std::lock_guard<std::mutex> lock(s->mu);
  for (int i = 0; i < count; ++i) {
    if (granted[i] >= 0x80) {
      s->failure = absl::StrCat("the broker refused a subscription (reason ",
                                mosquitto_reason_string(granted[i]),
                                "): shared subscriptions and subscription identifiers need MQTT 5");
    }
  }
  if (--s->pending_subacks <= 0) {
    s->subscribed = true;
    s->cv.notify_all();
  }
}

void OnUnsubscribe(struct mosquitto*, void* obj, int, const mosquitto_property*) {
  auto* s = static_cast<Service*>(obj);
  std::lock_guard<std::mutex> lock(s->mu);
  s->unsubscribed = true;
  s->cv.notify_all();
}

void OnMessage(struct mosquitto*, void* obj, const struct mosquitto_message* msg,
               const mosquitto_property* props) {
  auto* s = static_cast<Service*>(obj);
  s->messages.fetch_add(1, std::memory_order_relaxed);
  MessageContext context;
  context.topic = msg->topic;
  context.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  // The publisher's client id and principal are not part of a PUBLISH as a subscriber sees it;
  // clientid() and principal() stay empty here (the broker plug-in has them).
  broker::ReadMqttProperties(props, &context, free);
  std::string_view payload(static_cast<const char*>(msg->payload),
                           static_cast<size_t>(msg->payloadlen));
  bool routed = false;
  for (const mosquitto_property* p = props; p != nullptr; p = mosquitto_property_next(p)) {
    if (mosquitto_property_identifier(p) != MQTT_PROP_SUBSCRIPTION_IDENTIFIER) continue;
    uint32_t id = 0;
    mosquitto_property_read_varint(p, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, &id, false);
    if (id >= 1 && id <= s->routes.size()) {
      absl::StatusOr<int> n = s->routes[id - 1].engine->Publish(context.topic, payload, context);
      if (n.ok()) s->outputs.fetch_add(static_cast<uint64_t>(*n), std::memory_order_relaxed);
      routed = true;
    }
  }
  if (!routed) {
    // A broker that does not echo subscription identifiers: the first of our filters that
    // matches decides (our subscriptions never cover one another).
    for (Route& r : s->routes) {
      bool match = false;
      if (mosquitto_topic_matches_sub(r.filter.c_str(), msg->topic, &match) == MOSQ_ERR_SUCCESS &&
          match) {
        absl::StatusOr<int> n = r.engine->Publish(context.topic, payload, context);
        if (n.ok()) s->outputs.fetch_add(static_cast<uint64_t>(*n), std::memory_order_relaxed);
        routed = true;
        break;
      }
    }
  }
  if (!routed) s->unrouted.fetch_add(1, std::memory_order_relaxed);
}

#endif  // IOTSQL_HAVE_MOSQUITTO

}  // namespace

int ServeCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw,
                              {"--mqtt", "--group", "--sinks", "--out", "--endpoint-url",
                               "--region", "--id", "--qos", "--threads", "--username",
                               "--password", "--cafile", "--capath", "--cert", "--key",
                               "--proto-descriptors", "--max-topic-levels"},
                              {"--insecure"});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
#if !IOTSQL_HAVE_MOSQUITTO
  std::cerr << "iotsql serve: this build has no libmosquitto (install libmosquitto-dev and "
               "mosquitto-dev, then rebuild)\n";
  return kExitDataError;
#else
  std::string usage_error = args.error;
  auto opt = [&](const char* name, const std::string& fallback = "") {
    auto it = args.options.find(name);
    return it == args.options.end() ? fallback : it->second;
  };
  if (usage_error.empty() && args.positional.empty()) usage_error = "no rule files given";
  if (usage_error.empty() && opt("--mqtt").empty()) usage_error = "--mqtt HOST:PORT is required";
  bool tls = !opt("--cafile").empty() || !opt("--capath").empty();
  std::string host = opt("--mqtt");
  int port = tls ? 8883 : 1883;
  if (usage_error.empty()) {
    // host, host:port, [v6], [v6]:port
    size_t colon = host.rfind(':');
    bool bracketed = !host.empty() && host.front() == '[';
    size_t close = host.find(']');
    if (colon != std::string::npos && (bracketed ? colon > close : host.find(':') == colon)) {
      if (!ParseIntArg(host.substr(colon + 1), 1, 65535, &port)) usage_error = "bad --mqtt port";
      host.resize(colon);
    }
    if (bracketed && host.size() > 2 && host.back() == ']') host = host.substr(1, host.size() - 2);
  }
  int qos = 1, threads = 2;
  if (usage_error.empty() && !ParseIntArg(opt("--qos", "1"), 0, 2, &qos)) usage_error = "--qos: 0, 1 or 2";
  int max_topic_levels = 8;
  if (usage_error.empty() &&
      !ParseIntArg(opt("--max-topic-levels", "8"), 1, 1 << 20, &max_topic_levels)) {
    usage_error = "--max-topic-levels needs a positive number";
  }
  if (usage_error.empty() && !ParseIntArg(opt("--threads", "2"), 1, 256, &threads))
    usage_error = "--threads needs a positive number";
  std::string group = opt("--group", "iotsql");
  if (usage_error.empty() && (group.empty() || group.find_first_of("/+#") != std::string::npos))
    usage_error = "--group: a name without / + #";
  if (usage_error.empty() && (!opt("--cert").empty()) != (!opt("--key").empty()))
    usage_error = "--cert and --key go together";
  if (!usage_error.empty()) {
    std::cerr << "iotsql serve: " << usage_error << "\n\n" << kHelp;
    return kExitUsage;
  }

  // Every rule first: a bad file stops before connecting.
  std::vector<RuleDocument> rules;
  bool bad = false;
  for (const std::string& path : args.positional) {
    absl::StatusOr<std::vector<RuleDocument>> docs = LoadRules(path);
    if (!docs.ok()) {
      std::cerr << docs.status().message() << "\n";
      bad = true;
      continue;
    }
    for (RuleDocument& d : *docs) rules.push_back(std::move(d));
  }
  if (bad) {
    std::cerr << "iotsql serve: not started: fix the rules above\n";
    return kExitDataError;
  }

  // Declared before the service, so that its engines go first.
  std::unique_ptr<ExternalProvider> protobuf;
  if (!opt("--proto-descriptors").empty()) {
    protobuf = NewLocalProtobufProvider(opt("--proto-descriptors"));
  }
  Service service;
  service.group = group;
  service.qos = qos;
  // Distinct filters, then only those no other filter covers.
  std::vector<std::pair<const RuleDocument*, std::string>> with_filter;
  std::vector<std::string> filters;
  Limits limits;
  limits.max_topic_levels = max_topic_levels;
  for (const RuleDocument& d : rules) {
    absl::StatusOr<Rule> compiled = Rule::Compile(d.sql, d.version, limits);
    if (!compiled.ok()) {
      std::cerr << (d.origin.empty() ? d.name : d.origin) << ": " << compiled.status().message()
                << "\n";
      return kExitDataError;
    }
    std::string filter(compiled->topic_filter());
    if (filter.empty()) {
      std::cerr << "iotsql serve: rule " << d.name << " has no FROM topic filter; skipped\n";
      continue;
    }
    with_filter.emplace_back(&d, filter);
    if (std::find(filters.begin(), filters.end(), filter) == filters.end()) filters.push_back(filter);
  }
  for (const std::string& f : filters) {
    bool covered = false;
    for (const std::string& g : filters) covered = covered || (g != f && FilterCovers(g, f));
    if (!covered) service.routes.push_back(Route{f, {}, nullptr});
  }
  for (auto& [doc, filter] : with_filter) {
    for (Route& r : service.routes) {
      if (FilterCovers(r.filter, filter)) {
        r.rules.push_back(*doc);
        break;
      }
    }
  }
  if (service.routes.empty()) {
    std::cerr << "iotsql serve: no rule has a topic filter to subscribe to\n";
    return kExitDataError;
  }

  broker::SinkConfig sink_config;
  sink_config.backend = opt("--sinks", "local");
  sink_config.out_dir = opt("--out", "iotsql-out");
  sink_config.endpoint_url = opt("--endpoint-url");
  sink_config.region = opt("--region");
  absl::StatusOr<std::unique_ptr<AsyncActionSink>> backend = broker::MakeBackendSink(
      sink_config, [](const std::string& line) { std::cerr << "iotsql serve: " << line << "\n"; });
  if (!backend.ok()) {
    std::cerr << "iotsql serve: " << backend.status().message() << "\n";
    return kExitDataError;
  }

  // SIGINT/SIGTERM are blocked in every thread (libmosquitto's, the engines') and taken by
  // sigwait below, so that shutdown runs in ordinary code, not in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  mosquitto_lib_init();
  std::string id = opt("--id");
  service.mosq = mosquitto_new(id.empty() ? nullptr : id.c_str(), true, &service);
  if (service.mosq == nullptr) {
    std::cerr << "iotsql serve: cannot create the MQTT client\n";
    return kExitDataError;
  }
  struct mosquitto* mosq = service.mosq;
  mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
  // Dispatch threads publish on the client directly: libmosquitto's publish is thread-safe
  // next to the network thread of mosquitto_loop_start.
  broker::RoutingSink sink(backend->get(), [&](OutgoingMessage m) -> absl::Status {
    int rc = mosquitto_publish_v5(mosq, nullptr, m.topic.c_str(), static_cast<int>(m.payload.size()),
                                  m.payload.data(), m.qos, false, nullptr);
    if (rc == MOSQ_ERR_SUCCESS) return absl::OkStatus();
    service.republish_failures.fetch_add(1, std::memory_order_relaxed);
    // Not connected (reconnecting) is worth a retry; anything else is not.
    if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST)
      return absl::UnavailableError(absl::StrCat("republish: ", mosquitto_strerror(rc)));
    return absl::InvalidArgumentError(absl::StrCat("republish: ", mosquitto_strerror(rc)));
  });
  for (Route& r : service.routes) {
    EngineOptions options;
    options.sink = &sink;
    options.provider = protobuf.get();
    options.limits = limits;
    options.dispatch_threads = threads;
    r.engine = std::make_unique<RuleEngine>(options);
    absl::Status added = r.engine->AddRules(r.rules);
    if (!added.ok()) {
      std::cerr << added.message() << "\n";
      return kExitDataError;
    }
  }

  if (!opt("--username").empty()) {
    std::string password = opt("--password");
    mosquitto_username_pw_set(mosq, opt("--username").c_str(),
                              args.options.count("--password") ? password.c_str() : nullptr);
  }
  if (tls) {
    std::string cafile = opt("--cafile"), capath = opt("--capath"), cert = opt("--cert"),
                key = opt("--key");
    int rc = mosquitto_tls_set(mosq, cafile.empty() ? nullptr : cafile.c_str(),
                               capath.empty() ? nullptr : capath.c_str(),
                               cert.empty() ? nullptr : cert.c_str(),
                               key.empty() ? nullptr : key.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      std::cerr << "iotsql serve: TLS: " << mosquitto_strerror(rc) << "\n";
      return kExitDataError;
    }
    if (args.options.count("--insecure")) mosquitto_tls_insecure_set(mosq, true);
  }
  mosquitto_connect_v5_callback_set(mosq, OnConnect);
  mosquitto_subscribe_v5_callback_set(mosq, OnSubscribe);
  mosquitto_unsubscribe_v5_callback_set(mosq, OnUnsubscribe);
  mosquitto_message_v5_callback_set(mosq, OnMessage);
  int rc = mosquitto_connect_bind_v5(mosq, host.c_str(), port, 60, nullptr, nullptr);
  if (rc != MOSQ_ERR_SUCCESS) {
    std::cerr << "iotsql serve: cannot connect to " << host << ":" << port << ": "
              << mosquitto_strerror(rc) << "\n";
    return kExitDataError;
  }
  mosquitto_loop_start(mosq);   // also reconnects after a lost connection
  {
    std::unique_lock<std::mutex> lock(service.mu);
    if (!service.cv.wait_for(lock, std::chrono::seconds(30), [&] { return service.subscribed; })) {
      std::cerr << "iotsql serve: no SUBACK from " << host << ":" << port << " within 30 s\n";
    }
    if (!service.failure.empty()) {
      std::cerr << "iotsql serve: " << service.failure << "\n";
      lock.unlock();
      mosquitto_disconnect(mosq);
      mosquitto_loop_stop(mosq, false);
      return kExitDataError;
    }
  }
  std::cerr << "iotsql serve: " << rules.size() << " rules on " << service.routes.size()
            << " shared subscriptions ($share/" << group << "/...) at " << host << ":" << port
            << "; " << sink_config.backend << " sinks\n";
  for (const Route& r : service.routes)
    std::cerr << "  $share/" << group << "/" << r.filter << ": " << r.rules.size() << " rules\n";

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  // Stop the flow first, so that the actions of every message received can still go out
  // (republish included) before the connection closes.
  {
    std::vector<std::string> shared;
    std::vector<char*> subs;
    for (const Route& r : service.routes) shared.push_back(absl::StrCat("$share/", group, "/", r.filter));
    for (std::string& s : shared) subs.push_back(s.data());
    std::unique_lock<std::mutex> lock(service.mu);
    if (mosquitto_unsubscribe_multiple(mosq, nullptr, static_cast<int>(subs.size()), subs.data(),
                                       nullptr) == MOSQ_ERR_SUCCESS) {
      service.cv.wait_for(lock, std::chrono::seconds(5), [&] { return service.unsubscribed; });
    }
  }
  uint64_t sent = 0, failed = 0, errors = 0;
  for (Route& r : service.routes) {
    r.engine->Flush();
    for (const std::string& name : r.engine->RuleNames()) {
      if (auto m = r.engine->GetRuleMetrics(name)) errors += m->errors;
      for (size_t i = 0;; ++i) {
        std::optional<ActionMetrics> a = r.engine->GetActionMetrics(name, i);
        if (!a) break;
        sent += a->sent;
        failed += a->failed;
      }
    }
  }
  mosquitto_disconnect(mosq);
  mosquitto_loop_stop(mosq, false);
  for (Route& r : service.routes) r.engine.reset();
  mosquitto_destroy(mosq);
  mosquitto_lib_cleanup();
  std::cerr << "iotsql serve: stopped (" << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
            << "): " << service.messages.load() << " messages, " << service.outputs.load()
            << " outputs, " << sent << " actions delivered, " << failed << " failed, "
            << sink.republished() << " republished, " << errors << " evaluation errors\n";
  return failed == 0 ? kExitOk : kExitDataError;
#endif
}

}  // namespace iotsql::cli
