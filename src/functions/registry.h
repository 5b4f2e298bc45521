// The function registry: every AWS IoT SQL function, bound by name (case-insensitive) at
// compile time. Each family lives in its own file and registers itself from registry.cc.
#ifndef IOTSQL_FUNCTIONS_REGISTRY_H_
#define IOTSQL_FUNCTIONS_REGISTRY_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "iotsql/iotsql.h"
#include "value/value.h"

namespace iotsql {

// What a function may read besides its arguments.
struct CallContext {
  Arena* arena = nullptr;                   // for new strings, arrays and objects
  const MessageContext* message = nullptr;  // topic, clientid, ...
  SqlVersion version = SqlVersion::k2015_10_08;
  ExternalProvider* provider = nullptr;     // null: external functions are Undefined
  std::string_view raw_payload;             // the message bytes (for `*` as bytes)
  std::string_view topic;                   // topic as topic() sees it (Basic Ingest prefix removed)
  int64_t timestamp_ms = 0;                 // one clock reading per message
  std::string* error = nullptr;             // a function may explain an Undefined result here
  const Limits* limits = nullptr;           // null: the defaults (constant folding)

  bool v2() const { return version == SqlVersion::k2016_03_23; }
};

// Arguments arrive evaluated; a `*` argument arrives as the whole payload (an Object/Array/...
// for JSON, a kBinary value for other bytes).
using NativeFunction = Value (*)(CallContext& ctx, const Value* args, int argc);

enum class FunctionCategory : uint8_t {
  kPure,      // deterministic and message-independent: folded when its arguments are constant
  kContext,   // reads the message context (topic(), timestamp(), ...)
  kRandom,    // rand(), newuuid()
  kExternal,  // calls an AWS service through the ExternalProvider
};

struct FunctionInfo {
  const char* name;          // canonical spelling, e.g. "isUndefined"
  int min_args;
  int max_args;              // -1: any number
  SqlVersion since;
  FunctionCategory category;
  NativeFunction fn;
  // Bit i set: argument i must be a constant (a mode such as encode's 'base64' or transform's
  // "enrichArray"); variables are rejected there too.
  uint32_t constant_args = 0;
};

// Case-insensitive lookup; nullptr when unknown.
const FunctionInfo* LookupFunction(std::string_view name);
// Every registered function, sorted by name (for "did you mean" and documentation).
const std::vector<const FunctionInfo*>& AllFunctions();

// Registration, one call per family (see registry.cc).
class FunctionTable {
 public:
  void Add(const FunctionInfo& info);
  const std::vector<FunctionInfo>& entries() const { return entries_; }

 private:
  std::vector<FunctionInfo> entries_;
};

void RegisterMathFunctions(FunctionTable* t);       // math.cc, bitwise
void RegisterStringFunctions(FunctionTable* t);     // string.cc
void RegisterRegexFunctions(FunctionTable* t);      // regex.cc
void RegisterTypeFunctions(FunctionTable* t);       // types.cc: isNull, isUndefined, get, ...
void RegisterEncodingFunctions(FunctionTable* t);   // encoding.cc: encode, decode, hashes
void RegisterTimeFunctions(FunctionTable* t);       // time.cc: timestamp, parse_time, ...
void RegisterContextFunctions(FunctionTable* t);    // context.cc: topic, clientid, ...
void RegisterExternalFunctions(FunctionTable* t);   // external.cc: aws_lambda, get_dynamodb, ...

// cast(x AS type) (spec §15.5). `type` is the keyword as written; nullopt-like kUndefined
// result for impossible conversions.
enum class CastType { kString, kInt, kDecimal, kDouble, kBoolean };
// Resolves a cast type keyword (case-insensitive); false when unknown. Sets `needs_v2` for
// Decimal/Bool/Boolean.
bool ResolveCastType(std::string_view keyword, CastType* type, bool* needs_v2);
Value Cast(CallContext& ctx, const Value& v, CastType type);

}  // namespace iotsql

#endif  // IOTSQL_FUNCTIONS_REGISTRY_H_
