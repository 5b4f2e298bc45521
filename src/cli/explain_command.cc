#include <iostream>

#include "cli/commands.h"
#include "iotsql/iotsql.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql explain --sql SQL [--sql-version V] [--ast]\n"
    "\n"
    "Prints the compiled bytecode of a rule, one instruction a line with its operands and\n"
    "what it does (or, with --ast, the syntax tree). Compile errors go to stderr.\n"
    "\n"
    "  --sql SQL          the rule statement\n"
    "  --sql-version V    2015-10-08 (default, as in AWS), 2016-03-23 or beta\n"
    "  --ast              print the abstract syntax tree instead\n";

}  // namespace

int ExplainCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {"--sql", "--sql-version"}, {"--ast"});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (!args.error.empty() || !args.positional.empty() || args.options.count("--sql") == 0) {
    std::cerr << "iotsql explain: "
              << (!args.error.empty() ? args.error
                  : args.positional.empty() ? std::string("--sql is required")
                                            : "unexpected argument " + args.positional[0])
              << "\n\n" << kHelp;
    return kExitUsage;
  }
  SqlVersion version = SqlVersion::k2015_10_08;
  if (args.options.count("--sql-version")) {
    absl::StatusOr<SqlVersion> v = ParseSqlVersion(args.options["--sql-version"]);
    if (!v.ok()) {
      std::cerr << "iotsql explain: " << v.status().message() << "\n";
      return kExitUsage;
    }
    version = *v;
  }
  absl::StatusOr<Rule> rule = Rule::Compile(args.options["--sql"], version);
  if (!rule.ok()) {
    std::cerr << rule.status().message() << "\n";
    return kExitDataError;
  }
  if (!rule->warnings().empty()) std::cerr << rule->warnings();
  std::cout << (args.options.count("--ast") ? rule->AstDump() : rule->Explain());
  return kExitOk;
}

}  // namespace iotsql::cli
