// MQTT topic filters with AWS IoT semantics (spec §6).
#ifndef IOTSQL_COMMON_TOPIC_H_
#define IOTSQL_COMMON_TOPIC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace iotsql {

// Why a filter is invalid, and the byte offset of the offending character; empty when valid.
struct TopicFilterError {
  std::string message;
  uint32_t offset = 0;
};
TopicFilterError CheckTopicFilter(std::string_view filter);

// Basic Ingest: "$aws/rules/<rule>/<rest>" -> rule name and rest; false for other topics.
bool SplitBasicIngest(std::string_view topic, std::string_view* rule, std::string_view* rest);

// Why a topic or filter is beyond AWS's size limits (levels, bytes; the Basic Ingest prefix not
// counted), or empty when it is within them.
std::string CheckTopicSize(std::string_view topic, int max_levels, size_t max_bytes);

// Why a message cannot be published to `topic` (empty, a wildcard in it, or beyond the size
// limits), or empty when it can; one pass over the topic.
std::string CheckTopicName(std::string_view topic, int max_levels, size_t max_bytes);

}  // namespace iotsql

#endif  // IOTSQL_COMMON_TOPIC_H_
