// Debian's Abseil keeps its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW is 0), which
// does not convert from std::string_view; these bridge the two for our std::string_view code.
#ifndef IOTSQL_COMMON_STRING_VIEW_H_
#define IOTSQL_COMMON_STRING_VIEW_H_

#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace iotsql {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

// ASCII letters compared without case (absl::EqualsIgnoreCase): SQL keywords, mode names.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(ToAbsl(a), ToAbsl(b));
}

}  // namespace iotsql

#endif  // IOTSQL_COMMON_STRING_VIEW_H_
