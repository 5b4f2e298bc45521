// The call of an external function (§15.10) through the embedder's ExternalProvider.
#ifndef IOTSQL_FUNCTIONS_EXTERNAL_H_
#define IOTSQL_FUNCTIONS_EXTERNAL_H_

#include <string_view>

#include "functions/registry.h"

namespace iotsql {

// Passes the arguments as JSON texts (Binary as a base64 String) and returns the JSON the
// provider answers as a value; Undefined, with the reason in ctx.error, without a provider, for
// an Undefined argument, or when the provider fails.
Value CallProvider(CallContext& ctx, std::string_view function, const Value* args, int argc);

}  // namespace iotsql

#endif  // IOTSQL_FUNCTIONS_EXTERNAL_H_
