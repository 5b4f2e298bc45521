#include "common/topic.h"

#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "iotsql/iotsql.h"

namespace iotsql {

TopicFilterError CheckTopicFilter(std::string_view filter) {
  if (filter.empty()) return {"the topic filter is empty", 0};
  size_t level_start = 0;
  for (size_t i = 0; i <= filter.size(); ++i) {
    if (i < filter.size() && filter[i] == 0) {
      return {"the topic filter contains a NUL character", static_cast<uint32_t>(i)};
    }
    if (i < filter.size() && filter[i] != '/') continue;
    std::string_view level = filter.substr(level_start, i - level_start);
    for (size_t j = 0; j < level.size(); ++j) {
      char ch = level[j];
      if ((ch == '+' || ch == '#') && level.size() != 1) {
        return {absl::StrCat(std::string(1, ch), " must occupy a whole level of the topic filter"),
                static_cast<uint32_t>(level_start + j)};
      }
    }
    if (level == "#" && i != filter.size()) {
      return {"# must be the last level of the topic filter", static_cast<uint32_t>(level_start)};
    }
    level_start = i + 1;
  }
  return {};
}

bool SplitBasicIngest(std::string_view topic, std::string_view* rule, std::string_view* rest) {
  constexpr std::string_view kPrefix = "$aws/rules/";
  if (topic.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view tail = topic.substr(kPrefix.size());
  size_t slash = tail.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  *rule = tail.substr(0, slash);
  *rest = tail.substr(slash + 1);
  return true;
}

bool TopicMatches(std::string_view filter, std::string_view topic) {
  // MQTT: a filter starting with a wildcard does not match topics starting with '$'.
  if (!filter.empty() && (filter[0] == '+' || filter[0] == '#') && !topic.empty() &&
      topic[0] == '$') {
    return false;
  }
  // One pass; f and t are at the start of a level of each.
  const size_t fn = filter.size(), tn = topic.size();
  size_t f = 0, t = 0;
  while (true) {
    if (f < fn && filter[f] == '#' && f + 1 == fn) return true;
    if (f < fn && filter[f] == '+' && (f + 1 == fn || filter[f + 1] == '/')) {
      while (t < tn && topic[t] != '/') ++t;
      ++f;
    } else {
      while (f < fn && filter[f] != '/') {
        if (t >= tn || topic[t] != filter[f]) return false;
        ++f;
        ++t;
      }
      if (t < tn && topic[t] != '/') return false;
    }
    bool filter_done = f == fn, topic_done = t == tn;
    // AWS: "sensor/#" does not match the parent level "sensor".
    if (filter_done || topic_done) return filter_done && topic_done;
    ++f;
    ++t;
  }
}

absl::Status ValidateTopicFilter(std::string_view filter) {
  TopicFilterError e = CheckTopicFilter(filter);
  if (e.message.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(e.message, " (at byte ", e.offset, ")"));
}

namespace {

// One pass over a topic: its size without the Basic Ingest prefix, and any wildcard at all.
struct TopicShape {
  size_t bytes = 0;
  int levels = 1;
  bool wildcard = false;
};

// The high bit of each byte of `x` that is zero (exact: no carry crosses bytes).
inline uint64_t ZeroBytes(uint64_t x) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

// Adds the '/' bytes of `s` to *slashes and notes any '+' or '#': eight bytes a step, since this
// runs on every message.
void ScanTopic(std::string_view s, int* slashes, bool* wildcard) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  size_t i = 0;
  uint64_t wild = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    *slashes += __builtin_popcountll(ZeroBytes(w ^ (kOnes * '/')));
    wild |= ZeroBytes(w ^ (kOnes * '+')) | ZeroBytes(w ^ (kOnes * '#'));
  }
  for (; i < s.size(); ++i) {
    *slashes += s[i] == '/';
    wild |= s[i] == '+' || s[i] == '#';
  }
  *wildcard = *wildcard || wild != 0;
}

TopicShape Measure(std::string_view topic) {
  TopicShape shape;
  std::string_view rule, rest;
  size_t counted_from = SplitBasicIngest(topic, &rule, &rest) ? topic.size() - rest.size() : 0;
  shape.bytes = topic.size() - counted_from;
  int prefix_slashes = 0;  // the Basic Ingest prefix does not count as levels
  ScanTopic(topic.substr(0, counted_from), &prefix_slashes, &shape.wildcard);
  int slashes = 0;
  ScanTopic(topic.substr(counted_from), &slashes, &shape.wildcard);
  shape.levels += slashes;
  return shape;
}

std::string SizeError(const TopicShape& shape, int max_levels, size_t max_bytes) {
  if (shape.bytes > max_bytes) {
    return "the topic is " + std::to_string(shape.bytes) + " bytes; AWS topics have at most " +
           std::to_string(max_bytes) + " (max_topic_bytes)";
  }
  if (shape.levels > max_levels) {
    return "the topic has " + std::to_string(shape.levels) + " levels; AWS topics have at most " +
           std::to_string(max_levels) + " (max_topic_levels)";
  }
  return "";
}

}  // namespace

std::string CheckTopicSize(std::string_view topic, int max_levels, size_t max_bytes) {
  return SizeError(Measure(topic), max_levels, max_bytes);
}

std::string CheckTopicName(std::string_view topic, int max_levels, size_t max_bytes) {
  if (topic.empty()) return "the topic is empty";
  TopicShape shape = Measure(topic);
  if (shape.wildcard) {
    return "'" + std::string(topic) + "' is a topic filter: messages are published to topic names";
  }
  return SizeError(shape, max_levels, max_bytes);
}

}  // namespace iotsql
