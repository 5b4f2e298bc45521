// The `--sql SQL [--sql-version V]` commands (eval, explain): one place that checks their
// arguments and compiles the rule, so that both report usage and compile errors alike.
#ifndef IOTSQL_CLI_SQL_OPTION_H_
#define IOTSQL_CLI_SQL_OPTION_H_

#include <optional>
#include <string_view>

#include "cli/commands.h"
#include "iotsql/iotsql.h"

namespace iotsql::cli {

// The compiled rule (its warnings already on stderr), or nullopt with *exit_code set: kExitOk
// after printing `help` for --help, kExitUsage for bad arguments, kExitDataError for SQL that
// does not compile.
std::optional<Rule> CompileSqlOption(std::string_view command, ParsedArgs& args,
                                     const char* help, int* exit_code);

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_SQL_OPTION_H_
