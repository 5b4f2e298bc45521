#include "actions/sigv4/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace iotsql::actions {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 0xF]);
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

struct UrlParts {
  std::string host;   // with :port unless it is the scheme's default
  std::string path;   // as sent, "/" when empty
  std::string query;  // without '?'
};

UrlParts SplitUrl(const std::string& url) {
  UrlParts u;
  size_t scheme_end = url.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t path_start = url.find_first_of("/?", host_start);
  u.host = url.substr(host_start, path_start == std::string::npos ? std::string::npos
                                                                  : path_start - host_start);
  bool https = url.compare(0, 8, "https://") == 0;
  if ((https && absl::EndsWith(u.host, ":443")) || (!https && absl::EndsWith(u.host, ":80"))) {
    u.host.erase(u.host.rfind(':'));
  }
  if (path_start != std::string::npos) {
    size_t q = url.find('?', path_start);
    u.path = url.substr(path_start, q == std::string::npos ? std::string::npos : q - path_start);
    if (q != std::string::npos) u.query = url.substr(q + 1);
  }
  if (u.path.empty()) u.path = "/";
  return u;
}

std::string UriDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && absl::ascii_isxdigit(s[i + 1]) &&
        absl::ascii_isxdigit(s[i + 2])) {
      auto nibble = [](char c) { return absl::ascii_isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; };
      out.push_back(static_cast<char>(nibble(s[i + 1]) * 16 + nibble(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string CanonicalQuery(const std::string& query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> params;
  for (absl::string_view part : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    size_t eq = part.find('=');
    std::string k = UriDecode(std::string_view(part.data(), std::min(eq, part.size())));
    std::string v = eq == absl::string_view::npos
                        ? ""
                        : UriDecode(std::string_view(part.data() + eq + 1, part.size() - eq - 1));
    params.emplace_back(UriEncode(k, false), UriEncode(v, false));
  }
  std::sort(params.begin(), params.end());
  std::vector<std::string> joined;
  for (const auto& [k, v] : params) joined.push_back(absl::StrCat(k, "=", v));
  return absl::StrJoin(joined, "&");
}

std::string CanonicalHeaderValue(absl::string_view v) {
  // Trim, and fold runs of spaces into one (SigV4 task 1).
  std::string out;
  bool space = false;
  for (char c : absl::StripAsciiWhitespace(v)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

void SetHeader(HttpRequest* r, const std::string& name, const std::string& value) {
  for (auto& [k, v] : r->headers) {
    if (absl::EqualsIgnoreCase(k, name)) {
      v = value;
      return;
    }
  }
  r->headers.emplace_back(name, value);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof(digest));
}

void AddSigningHeaders(HttpRequest* r, const AwsCredentials& c, absl::Time now) {
  SetHeader(r, "X-Amz-Date", absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone()));
  if (!c.session_token.empty()) SetHeader(r, "X-Amz-Security-Token", c.session_token);
  if (r->s3_canonical_uri) SetHeader(r, "x-amz-content-sha256", Sha256Hex(r->body));
}

std::string CanonicalRequest(const HttpRequest& r, std::string* signed_headers) {
  UrlParts url = SplitUrl(r.url);
  std::string uri = url.path;
  if (!r.s3_canonical_uri) {
    // Every other service: each segment URI-encoded once more ("%3A" becomes "%253A").
    std::vector<std::string> segments = absl::StrSplit(url.path, '/');
    for (std::string& s : segments) s = UriEncode(s, false);
    uri = absl::StrJoin(segments, "/");
  }
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("host", url.host);
  for (const auto& [k, v] : r.headers) {
    std::string name = absl::AsciiStrToLower(k);
    if (name == "host" || name == "authorization") continue;
    std::string value = CanonicalHeaderValue(v);
    auto same = std::find_if(headers.begin(), headers.end(),
                             [&](const auto& h) { return h.first == name; });
    if (same != headers.end()) {
      same->second += "," + value;
    } else {
      headers.emplace_back(std::move(name), std::move(value));
    }
  }
  std::sort(headers.begin(), headers.end());
  std::string canonical_headers;
  std::vector<std::string> names;
  for (const auto& [k, v] : headers) {
    absl::StrAppend(&canonical_headers, k, ":", v, "\n");
    names.push_back(k);
  }
  *signed_headers = absl::StrJoin(names, ";");
  const std::string* payload_hash = r.Header("x-amz-content-sha256");
  return absl::StrCat(r.method, "\n", uri, "\n", CanonicalQuery(url.query), "\n",
                      canonical_headers, "\n", *signed_headers, "\n",
                      payload_hash ? *payload_hash : Sha256Hex(r.body));
}

void SignRequest(HttpRequest* r, const AwsCredentials& c, absl::Time now) {
  AddSigningHeaders(r, c, now);
  std::string amz_date = *r->Header("X-Amz-Date");
  std::string date = amz_date.substr(0, 8);
  std::string signed_headers;
  std::string canonical = CanonicalRequest(*r, &signed_headers);
  std::string scope = absl::StrCat(date, "/", r->region, "/", r->service, "/aws4_request");
  std::string to_sign =
      absl::StrCat("AWS4-HMAC-SHA256\n", amz_date, "\n", scope, "\n", Sha256Hex(canonical));
  std::string key = Hmac(absl::StrCat("AWS4", c.secret_access_key), date);
  key = Hmac(key, r->region);
  key = Hmac(key, r->service);
  key = Hmac(key, "aws4_request");
  std::string mac = Hmac(key, to_sign);
  std::string signature = Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  SetHeader(r, "Authorization",
            absl::StrCat("AWS4-HMAC-SHA256 Credential=", c.access_key_id, "/", scope,
                         ", SignedHeaders=", signed_headers, ", Signature=", signature));
}

}  // namespace iotsql::actions
