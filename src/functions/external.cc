// External functions (§15.10): every call goes through the embedder's ExternalProvider with
// its arguments as JSON texts; the JSON text it returns becomes the value.
#include <string>
#include <string_view>
#include <vector>

#include "functions/external.h"

#include "functions/args.h"
#include "functions/registry.h"
#include "value/convert.h"
#include "value/json_parse.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
constexpr SqlVersion k2016 = SqlVersion::k2016_03_23;

Value Fail(CallContext& ctx, std::string_view function, std::string_view why) {
  if (ctx.error != nullptr) {
    ctx.error->assign(function.data(), function.size());
    ctx.error->append(": ");
    ctx.error->append(why.data(), why.size());
  }
  return Value::Undefined();
}

}  // namespace

Value CallProvider(CallContext& ctx, std::string_view function, const Value* args, int argc) {
  if (ctx.provider == nullptr) return Fail(ctx, function, "no external provider configured");
  std::vector<std::string> json_args(static_cast<size_t>(argc));
  for (int i = 0; i < argc; ++i) {
    // An Undefined argument has no JSON text, and AWS cannot call a service with it.
    if (args[i].is_undefined()) {
      return Fail(ctx, function, "argument " + std::to_string(i + 1) + " is undefined");
    }
    AppendJson(args[i], &json_args[i]);
  }
  absl::StatusOr<std::string> result = ctx.provider->Call(function, json_args);
  if (!result.ok()) {
    const auto& msg = result.status().message();
    return Fail(ctx, function, std::string_view(msg.data(), msg.size()));
  }
  // Parse from the arena: the parsed strings may point into the text they came from.
  std::string_view text = ctx.arena->CopyString(*result);
  Value v;
  if (!ParseJsonValue(text, ctx.v2(), ctx.arena, &v)) {
    return Fail(ctx, function, "the provider's result is not a JSON document");
  }
  return v;
}

namespace {

Value AwsLambda(CallContext& ctx, const Value* args, int argc) {
  return CallProvider(ctx, "aws_lambda", args, argc);
}

Value GetDynamoDb(CallContext& ctx, const Value* args, int argc) {
  if (argc != 4 && argc != 6) return Fail(ctx, "get_dynamodb", "takes 4 or 6 arguments");
  return CallProvider(ctx, "get_dynamodb", args, argc);
}

Value GetThingShadow(CallContext& ctx, const Value* args, int argc) {
  return CallProvider(ctx, "get_thing_shadow", args, argc);
}

Value GetSecret(CallContext& ctx, const Value* args, int argc) {
  return CallProvider(ctx, "get_secret", args, argc);
}

Value GetRegistryData(CallContext& ctx, const Value* args, int argc) {
  return CallProvider(ctx, "get_registry_data", args, argc);
}

Value MachineLearningPredict(CallContext& ctx, const Value* args, int argc) {
  return CallProvider(ctx, "machinelearning_predict", args, argc);
}

}  // namespace

void RegisterExternalFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  // aws_lambda, get_secret, get_registry_data: no version stated; accepted in both.
  t->Add({"aws_lambda", 2, 2, k2015, C::kExternal, AwsLambda});
  t->Add({"get_dynamodb", 4, 6, k2016, C::kExternal, GetDynamoDb});
  t->Add({"get_thing_shadow", 2, 3, k2016, C::kExternal, GetThingShadow});
  t->Add({"get_secret", 3, 4, k2015, C::kExternal, GetSecret});
  t->Add({"get_registry_data", 3, 3, k2015, C::kExternal, GetRegistryData});
  t->Add({"machinelearning_predict", 3, 3, k2015, C::kExternal, MachineLearningPredict});
}

}  // namespace iotsql
