#include "cli/sql_option.h"

#include <iostream>
#include <string>

namespace iotsql::cli {

std::optional<Rule> CompileSqlOption(std::string_view command, ParsedArgs& args,
                                     const char* help, int* exit_code) {
  if (args.help) {
    std::cout << help;
    *exit_code = kExitOk;
    return std::nullopt;
  }
  if (!args.error.empty() || !args.positional.empty() || args.options.count("--sql") == 0) {
    std::cerr << "iotsql " << command << ": "
              << (!args.error.empty() ? args.error
                  : args.positional.empty() ? std::string("--sql is required")
                                            : "unexpected argument " + args.positional[0])
              << "\n\n" << help;
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  SqlVersion version = SqlVersion::k2015_10_08;
  if (args.options.count("--sql-version")) {
    absl::StatusOr<SqlVersion> v = ParseSqlVersion(args.options["--sql-version"]);
    if (!v.ok()) {
      std::cerr << "iotsql " << command << ": " << v.status().message() << "\n";
      *exit_code = kExitUsage;
      return std::nullopt;
    }
    version = *v;
  }
  absl::StatusOr<Rule> rule = Rule::Compile(args.options["--sql"], version);
  if (!rule.ok()) {
    std::cerr << rule.status().message() << "\n";
    *exit_code = kExitDataError;
    return std::nullopt;
  }
  if (!rule->warnings().empty()) std::cerr << rule->warnings();
  return std::move(*rule);
}

}  // namespace iotsql::cli
