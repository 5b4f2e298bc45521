#include "broker/routing_sink.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "actions/params.h"

namespace iotsql::broker {

absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeBackendSink(
    const SinkConfig& config, std::function<void(const std::string&)> log) {
  if (config.backend == "local") {
    LocalSinkOptions options;
    options.out_dir = config.out_dir;
    options.log = std::move(log);
    return MakeLocalSink(options);
  }
  if (config.backend == "aws") {
    AwsSinkOptions options;
    options.region = config.region;
    options.endpoint_url = config.endpoint_url;
    options.log = std::move(log);
    return MakeAwsSink(options);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown sink backend '", config.backend, "' (local or aws)"));
}

absl::Status RoutingSink::Deliver(const ActionRequest& request) {
  if (request.kind != "republish") {
    if (backend_ == nullptr) return absl::UnimplementedError("no sink backend");
    return backend_->Deliver(request);
  }
  // The engine has already rendered the topic template into the parameters.
  absl::StatusOr<actions::RepublishParams> params =
      actions::ParseRepublishParams(request.params_json);
  if (!params.ok()) return params.status();
  if (params->topic.empty() || params->topic.find_first_of("+#") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("republish: '", params->topic, "' is not a topic one can publish to"));
  }
  if (params->qos < 0 || params->qos > 1) {
    // AWS's republish action takes QoS 0 or 1 only.
    return absl::InvalidArgumentError(absl::StrCat("republish: qos ", params->qos, " (0 or 1)"));
  }
  absl::Status status =
      republish_(OutgoingMessage{std::move(params->topic), params->qos, request.payload});
  if (status.ok()) republished_.fetch_add(1, std::memory_order_relaxed);
  return status;
}

bool FilterCovers(const std::string& wide, const std::string& narrow) {
  std::vector<std::string> w = absl::StrSplit(wide, '/');
  std::vector<std::string> n = absl::StrSplit(narrow, '/');
  // Wildcards in the first level never match $-topics ($SYS, $aws/...).
  if ((w[0] == "#" || w[0] == "+") && !narrow.empty() && narrow[0] == '$') return false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "#") return true;               // the rest, including nothing
    if (i >= n.size()) return false;
    if (n[i] == "#") return false;              // narrow reaches deeper than `wide` at this level
    if (w[i] == "+") continue;
    if (w[i] != n[i] || n[i] == "+") return false;
  }
  return w.size() == n.size();
}

void ReadMqttProperties(const mosquitto_property* props, MessageContext* context,
                      void (*release)(void*)) {
  for (const mosquitto_property* p = props; p != nullptr; p = mosquitto_property_next(p)) {
    switch (mosquitto_property_identifier(p)) {
      case MQTT_PROP_CONTENT_TYPE:
      case MQTT_PROP_RESPONSE_TOPIC: {
        char* value = nullptr;
        int id = mosquitto_property_identifier(p);
        if (mosquitto_property_read_string(p, id, &value, false) && value != nullptr) {
          (id == MQTT_PROP_CONTENT_TYPE ? context->content_type : context->response_topic) =
              std::string(value);
          release(value);
        }
        break;
      }
      case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR: {
        uint8_t value = 0;
        if (mosquitto_property_read_byte(p, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, &value, false))
          context->payload_format_indicator = value;
        break;
      }
      case MQTT_PROP_CORRELATION_DATA: {
        void* value = nullptr;
        uint16_t len = 0;
        if (mosquitto_property_read_binary(p, MQTT_PROP_CORRELATION_DATA, &value, &len, false)) {
          context->correlation_data = std::string(static_cast<const char*>(value), len);
          release(value);
        }
        break;
      }
      case MQTT_PROP_USER_PROPERTY: {
        char* name = nullptr;
        char* value = nullptr;
        if (mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value,
                                                false)) {
          context->user_properties.emplace_back(name ? name : "", value ? value : "");
          release(name);
          release(value);
        }
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace iotsql::broker
