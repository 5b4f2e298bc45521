// The subcommands of the `iotsql` tool, one file each.
#ifndef IOTSQL_CLI_COMMANDS_H_
#define IOTSQL_CLI_COMMANDS_H_

#include <map>
#include <string>
#include <vector>

namespace iotsql::cli {

int BenchCommand(const std::vector<std::string>& args);
int EvalCommand(const std::vector<std::string>& args);
int ExplainCommand(const std::vector<std::string>& args);
int ConformanceCommand(const std::vector<std::string>& args);
int RunCommand(const std::vector<std::string>& args);
int ValidateCommand(const std::vector<std::string>& args);
int ServeCommand(const std::vector<std::string>& args);

constexpr int kExitOk = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsage = 2;

// `--name value` and `--flag` options, and positional arguments.
struct ParsedArgs {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
  bool help = false;
  std::string error;  // set when the arguments do not fit the command
};
// `with_value` lists the options that take a value; `flags` those that do not.
ParsedArgs ParseArgs(const std::vector<std::string>& args,
                     const std::vector<std::string>& with_value,
                     const std::vector<std::string>& flags);

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_COMMANDS_H_
