#include "actions/http_request.h"

#include "absl/strings/match.h"

namespace iotsql::actions {
namespace {

template <typename Headers>
const std::string* FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (absl::EqualsIgnoreCase(absl::string_view(k.data(), k.size()),
                               absl::string_view(name.data(), name.size()))) {
      return &v;
    }
  }
  return nullptr;
}

}  // namespace

const std::string* HttpRequest::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

const std::string* HttpResponse::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace iotsql::actions
