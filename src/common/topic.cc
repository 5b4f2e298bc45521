#include "common/topic.h"

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

std::string CheckTopicSize(std::string_view topic, int max_levels, size_t max_bytes) {
  std::string_view rule, rest;
  if (SplitBasicIngest(topic, &rule, &rest)) topic = rest;
  if (topic.size() > max_bytes) {
    return "the topic is " + std::to_string(topic.size()) + " bytes; AWS topics have at most " +
           std::to_string(max_bytes) + " (max_topic_bytes)";
  }
  int levels = 1;
  for (char c : topic) levels += c == '/';
  if (levels > max_levels) {
    return "the topic has " + std::to_string(levels) + " levels; AWS topics have at most " +
           std::to_string(max_levels) + " (max_topic_levels)";
  }
  return "";
}

}  // namespace iotsql
