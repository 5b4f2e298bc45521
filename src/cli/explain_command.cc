#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/sql_option.h"
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
  int exit_code = kExitOk;
  std::optional<Rule> rule = CompileSqlOption("explain", args, kHelp, &exit_code);
  if (!rule) return exit_code;
  std::cout << (args.options.count("--ast") ? rule->AstDump() : rule->Explain());
  return kExitOk;
}

}  // namespace iotsql::cli
