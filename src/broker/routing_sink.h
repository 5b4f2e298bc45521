// What the broker plug-in and `iotsql serve` share: the sink backend chosen by options, and a
// sink that sends `republish` actions back into MQTT while every other kind goes to the backend.
#ifndef IOTSQL_BROKER_ROUTING_SINK_H_
#define IOTSQL_BROKER_ROUTING_SINK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iotsql/engine.h"
#include "iotsql/sinks.h"

typedef struct mqtt5__property mosquitto_property;

namespace iotsql::broker {

struct SinkConfig {
  std::string backend = "local";     // "local" or "aws"
  std::string out_dir = "iotsql-out";
  std::string endpoint_url;          // aws: empty means the environment's or the public one
  std::string region;                // aws: empty means the environment's
};

// Checks `backend` and makes the sink; `log` gets the sink's diagnostics.
absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeBackendSink(
    const SinkConfig& config, std::function<void(const std::string&)> log);

struct OutgoingMessage {
  std::string topic;
  int qos = 0;
  std::string payload;
};
// Hands one message to MQTT. Called on the engine's dispatch threads, so it must be thread-safe
// and must not wait for the thread that calls RuleEngine::Publish (that one may be waiting for
// room in the dispatch queue).
using RepublishFunction = std::function<absl::Status(OutgoingMessage)>;

class RoutingSink : public ActionSink {
 public:
  RoutingSink(ActionSink* backend, RepublishFunction republish)
      : backend_(backend), republish_(std::move(republish)) {}
  absl::Status Deliver(const ActionRequest& request) override;
  uint64_t republished() const { return republished_.load(std::memory_order_relaxed); }

 private:
  ActionSink* backend_;
  RepublishFunction republish_;
  std::atomic<uint64_t> republished_{0};
};

// MQTT filter semantics (the broker's, not AWS's: `a/#` also matches `a`): whether every topic
// that `narrow` matches is matched by `wide`.
bool FilterCovers(const std::string& wide, const std::string& narrow);

// Copies a PUBLISH's MQTT 5 properties into the context (content type, payload format
// indicator, response topic, correlation data, user properties) for get_mqtt_property and
// get_user_properties. `release` frees what the read functions allocate: mosquitto_free in the
// broker (its allocations are tracked), free in a libmosquitto client.
void ReadMqttProperties(const mosquitto_property* props, MessageContext* context,
                        void (*release)(void*));

}  // namespace iotsql::broker

#endif  // IOTSQL_BROKER_ROUTING_SINK_H_
