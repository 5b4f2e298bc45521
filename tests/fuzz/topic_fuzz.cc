// Topic filters and topics on any bytes (filter, a newline, topic): the filter checker, the
// Basic Ingest split, and three matchers that must agree: TopicMatches, the engine's topic
// index, and a plain level-by-level matcher written here from the rules of spec §6.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/topic.h"
#include "engine/topic_index.h"
#include "fuzz/fuzz_util.h"
#include "iotsql/iotsql.h"

namespace {

std::vector<std::string_view> Levels(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
}

// `+` is one level, `#` (last) one or more levels, and a filter that starts with a wildcard
// does not match a topic that starts with `$`.
bool ReferenceMatches(std::string_view filter, std::string_view topic) {
  if ((filter[0] == '+' || filter[0] == '#') && !topic.empty() && topic[0] == '$') return false;
  std::vector<std::string_view> f = Levels(filter), t = Levels(topic);
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == "#") return t.size() > i;
    if (i >= t.size()) return false;
    if (f[i] != "+" && f[i] != t[i]) return false;
  }
  return f.size() == t.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = iotsql::fuzz::AsText(data, size);
  size_t newline = input.find('\n');
  std::string_view filter = input.substr(0, newline);
  std::string_view topic =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  iotsql::TopicFilterError error = iotsql::CheckTopicFilter(filter);
  absl::Status status = iotsql::ValidateTopicFilter(filter);
  IOTSQL_FUZZ_CHECK(status.ok() == error.message.empty(), iotsql::fuzz::Printable(filter));
  IOTSQL_FUZZ_CHECK(error.message.empty() || error.offset <= filter.size(), error.message);

  std::string_view rule, rest;
  if (iotsql::SplitBasicIngest(topic, &rule, &rest)) {
    IOTSQL_FUZZ_CHECK(!rule.empty() && rule.size() + rest.size() + 12 == topic.size(),
                      iotsql::fuzz::Printable(topic));
  }
  bool matches = iotsql::TopicMatches(filter, topic);
  if (!status.ok()) return 0;
  // Clients cannot publish to a topic with wildcards; the matchers need not agree on those.
  if (topic.find_first_of("+#") != std::string_view::npos || topic.empty()) return 0;
  bool expected = ReferenceMatches(filter, topic);
  IOTSQL_FUZZ_CHECK(matches == expected, "TopicMatches('" + iotsql::fuzz::Printable(filter) +
                                             "', '" + iotsql::fuzz::Printable(topic) + "')");
  iotsql::TopicIndex index;
  index.Add(filter, 7);
  iotsql::TopicIndex::Scratch scratch;
  std::vector<uint32_t> found;
  index.Match(topic, &scratch, &found);
  IOTSQL_FUZZ_CHECK(found.size() == (expected ? 1u : 0u),
                    "TopicIndex('" + iotsql::fuzz::Printable(filter) + "', '" +
                        iotsql::fuzz::Printable(topic) + "')");
  return 0;
}
