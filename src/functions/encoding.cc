// encode / decode (base64; protobuf needs an S3 descriptor, see below) and the hash functions
// md2 ... sha512 (spec §15.6, §16).
#include <openssl/evp.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/string_view.h"
#include "common/utf8.h"
#include "functions/args.h"
#include "functions/external.h"
#include "functions/md2.h"
#include "functions/registry.h"
#include "value/json_parse.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
constexpr SqlVersion k2016 = SqlVersion::k2016_03_23;

void SetError(CallContext& ctx, const char* msg) {
  if (ctx.error != nullptr) *ctx.error = msg;
}

// The bytes a value stands for: a raw (non-JSON) payload as is, anything else as its String
// form. Null, Undefined -> false.
bool BytesArg(CallContext& ctx, const Value& v, std::string_view* out) {
  if (v.is_binary()) {
    *out = v.as_string();
    return true;
  }
  return StrArg(ctx, v, out);
}

// ---- base64 ---------------------------------------------------------------------------------

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string_view Base64Encode(CallContext& ctx, std::string_view in) {
  size_t n = (in.size() + 2) / 3 * 4;
  char* out = ctx.arena->AllocateArray<char>(n);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
  size_t i = 0, o = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = kAlphabet[(v >> 6) & 63];
    out[o++] = kAlphabet[v & 63];
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{p[i]} << 16;
    if (rest == 2) v |= uint32_t{p[i + 1]} << 8;
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return std::string_view(out, n);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// java.util.Base64.getDecoder() rules: the standard alphabet only (no white space, no URL-safe
// characters); padding optional but, when present, complete and final; a lone trailing
// character is an error. Unused low bits are not checked (Java does not either).
bool Base64Decode(CallContext& ctx, std::string_view in, std::string_view* out) {
  char* buf = ctx.arena->AllocateArray<char>(in.size() / 4 * 3 + 3);
  size_t o = 0;
  uint32_t acc = 0;
  int have = 0;  // characters in the current 4-character unit
  size_t i = 0;
  for (; i < in.size(); ++i) {
    char c = in[i];
    if (c == '=') {
      // "xx==" or "xxx=", and nothing after.
      if (have < 2) return false;
      if (have == 2) {
        if (i + 1 >= in.size() || in[i + 1] != '=') return false;
        ++i;
      }
      ++i;
      if (i != in.size()) return false;
      break;
    }
    int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    if (++have == 4) {
      buf[o++] = static_cast<char>(acc >> 16);
      buf[o++] = static_cast<char>(acc >> 8);
      buf[o++] = static_cast<char>(acc);
      acc = 0;
      have = 0;
    }
  }
  if (have == 1) return false;
  if (have == 2) buf[o++] = static_cast<char>(acc >> 4);
  if (have == 3) {
    buf[o++] = static_cast<char>(acc >> 10);
    buf[o++] = static_cast<char>(acc >> 2);
  }
  *out = std::string_view(buf, o);
  return true;
}

// Java's new String(bytes, UTF_8): each maximal ill-formed subsequence becomes U+FFFD, so a
// decoded String is always valid UTF-8.
std::string_view SanitizeUtf8(CallContext& ctx, std::string_view s) {
  thread_local std::string buf;
  if (!ReplaceInvalidUtf8(s, &buf)) return s;
  return ctx.arena->CopyString(buf);
}

// ---- functions ------------------------------------------------------------------------------

Value Encode(CallContext& ctx, const Value* args, int) {
  if (!args[1].is_string() || !EqualsIgnoreCase(args[1].as_string(), "base64")) {
    SetError(ctx, "encode: the only encoding is 'base64'");
    return Value::Undefined();
  }
  std::string_view bytes;
  if (!BytesArg(ctx, args[0], &bytes)) return Value::Undefined();
  return Value::String(Base64Encode(ctx, bytes));
}

// decode(v, 'base64'): a JSON document becomes its value, other text a String; undecodable
// input is Null (documented). decode(v, 'proto', bucket, key, file, type) needs the descriptor
// set in S3: the ExternalProvider answers it (function "decode", the payload as base64).
Value Decode(CallContext& ctx, const Value* args, int argc) {
  std::string_view scheme = args[1].is_string() ? args[1].as_string() : std::string_view();
  if (EqualsIgnoreCase(scheme, "proto")) {
    if (argc != 6) {
      SetError(ctx, "decode(v, 'proto', bucket, key, file, messageType) takes 6 arguments");
      return Value::Undefined();
    }
    return CallProvider(ctx, "decode", args, argc);
  }
  if (!EqualsIgnoreCase(scheme, "base64")) {
    SetError(ctx, "decode: the encoding must be 'base64' or 'proto'");
    return Value::Undefined();
  }
  if (argc != 2) {
    SetError(ctx, "decode(v, 'base64') takes 2 arguments");
    return Value::Undefined();
  }
  std::string_view text;
  if (!BytesArg(ctx, args[0], &text)) return Value::Undefined();
  std::string_view bytes;
  if (!Base64Decode(ctx, text, &bytes)) return Value::Null();
  Value parsed;
  int depth = ctx.limits ? ctx.limits->max_json_depth : 256;
  if (ParseJsonValue(bytes, ctx.v2(), ctx.arena, &parsed, depth)) return parsed;
  return Value::String(SanitizeUtf8(ctx, bytes));
}

Value HexResult(CallContext& ctx, const unsigned char* digest, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  char* out = ctx.arena->AllocateArray<char>(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return Value::String(std::string_view(out, 2 * n));
}

// Fetched once per process: an implicit fetch on every call is slow in OpenSSL 3.
template <const char* kName>
Value Hash(CallContext& ctx, const Value* args, int) {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, kName, nullptr);
  std::string_view s;
  if (md == nullptr || !StrArg(ctx, args[0], &s)) return Value::Undefined();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(s.data(), s.size(), digest, &n, md, nullptr) != 1) return Value::Undefined();
  return HexResult(ctx, digest, n);
}

Value Md2(CallContext& ctx, const Value* args, int) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  uint8_t digest[kMd2DigestBytes];
  Md2Digest(s, digest);
  return HexResult(ctx, digest, kMd2DigestBytes);
}

constexpr char kMd5[] = "MD5";
constexpr char kSha1[] = "SHA1";
constexpr char kSha224[] = "SHA224";
constexpr char kSha256[] = "SHA256";
constexpr char kSha384[] = "SHA384";
constexpr char kSha512[] = "SHA512";

}  // namespace

void RegisterEncodingFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"encode", 2, 2, k2016, C::kPure, Encode, /*constant_args=*/1u << 1});
  // Pure for base64; the 'proto' form is external (IsProtobufDecode: checked and generated as
  // such).
  t->Add({"decode", 2, 6, k2016, C::kPure, Decode, /*constant_args=*/1u << 1});
  t->Add({"md2", 1, 1, k2015, C::kPure, Md2});
  t->Add({"md5", 1, 1, k2015, C::kPure, Hash<kMd5>});
  t->Add({"sha1", 1, 1, k2015, C::kPure, Hash<kSha1>});
  t->Add({"sha224", 1, 1, k2015, C::kPure, Hash<kSha224>});
  t->Add({"sha256", 1, 1, k2015, C::kPure, Hash<kSha256>});
  t->Add({"sha384", 1, 1, k2015, C::kPure, Hash<kSha384>});
  t->Add({"sha512", 1, 1, k2015, C::kPure, Hash<kSha512>});
}

}  // namespace iotsql
