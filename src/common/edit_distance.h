// "Did you mean ...?" for unknown functions, members and action kinds: one measure of nearness.
#ifndef IOTSQL_COMMON_EDIT_DISTANCE_H_
#define IOTSQL_COMMON_EDIT_DISTANCE_H_

#include <cstddef>
#include <string_view>

namespace iotsql {

// Levenshtein distance of a and b, ignoring ASCII case, or limit + 1 as soon as it is known to
// exceed limit. Suggestions want only near names, and rule files may hold long hostile ones:
// names whose lengths differ by more than the limit cost nothing, others stop at the first row
// that is past it.
size_t EditDistanceWithin(std::string_view a, std::string_view b, size_t limit);

// The nearest of the names that `for_each` offers (it calls its argument with each one) within
// `limit` edits of `word`; the first of equals; empty when none is that near.
template <typename ForEachName>
std::string_view ClosestName(std::string_view word, size_t limit, ForEachName for_each) {
  std::string_view best;
  size_t best_distance = limit + 1;
  for_each([&](std::string_view name) {
    size_t d = EditDistanceWithin(word, name, best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  });
  return best;
}

}  // namespace iotsql

#endif  // IOTSQL_COMMON_EDIT_DISTANCE_H_
