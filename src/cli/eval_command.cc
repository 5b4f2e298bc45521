#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/sql_option.h"
#include "common/arena.h"
#include "conformance/conformance.h"
#include "iotsql/iotsql.h"
#include "value/json_parse.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql eval --sql SQL [--sql-version V] [--topic T] [--context JSON]\n"
    "\n"
    "Reads JSON payloads from stdin, one document a line, evaluates the rule on each and\n"
    "writes each outgoing payload as one line of compact JSON (nothing for a message that\n"
    "FROM or WHERE rejects; an empty line for an empty payload). Malformed lines are reported\n"
    "on stderr with their line number and skipped.\n"
    "\n"
    "  --sql SQL          the rule statement\n"
    "  --sql-version V    2015-10-08 (default, as in AWS), 2016-03-23 or beta\n"
    "  --topic T          the topic the messages arrive on (default: one that matches FROM)\n"
    "  --context JSON     message context: {\"clientid\": ..., \"principal\": ..., \"timestamp\":\n"
    "                     ..., \"traceid\": ..., \"sourceip\": ..., \"accountid\": ...,\n"
    "                     \"rule_name\": ..., \"protocol\": \"mqtt\"|\"http\"}\n";

// A topic that the filter matches: each + or # becomes a level named "x".
std::string SampleTopic(const std::string& filter) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t slash = filter.find('/', start);
    std::string level = filter.substr(start, slash == std::string::npos ? std::string::npos
                                                                       : slash - start);
    out += (level == "+" || level == "#") ? "x" : level;
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

}  // namespace

int EvalCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {"--sql", "--sql-version", "--topic", "--context"}, {});
  int exit_code = kExitOk;
  std::optional<Rule> rule = CompileSqlOption("eval", args, kHelp, &exit_code);
  if (!rule) return exit_code;

  MessageContext context;
  if (args.options.count("--context")) {
    Arena arena;
    Value object;
    std::string error;
    if (!ParseJsonValue(args.options["--context"], false, &arena, &object) ||
        !ContextFromJson(object, &context, &error)) {
      std::cerr << "iotsql eval: --context: " << (error.empty() ? "not valid JSON" : error)
                << "\n";
      return kExitUsage;
    }
  }
  if (args.options.count("--topic")) {
    context.topic = args.options["--topic"];
  } else if (context.topic.empty()) {
    context.topic = SampleTopic(std::string(rule->topic_filter()));
  }

  Evaluator evaluator;
  Arena check_arena;
  std::string line;
  int line_number = 0;
  int bad_lines = 0;
  std::ios::sync_with_stdio(false);
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    check_arena.Reset();
    Value ignored;
    if (!ParseJsonValue(line, false, &check_arena, &ignored)) {
      std::cerr << "line " << line_number << ": not a JSON document; skipped\n";
      ++bad_lines;
      continue;
    }
    absl::StatusOr<EvalResult> result = evaluator.Evaluate(*rule, line, context);
    if (!result.ok()) {
      std::cerr << "line " << line_number << ": " << result.status().message() << "\n";
      ++bad_lines;
      continue;
    }
    if (!result->matched) continue;
    std::cout.write(result->payload.data(), static_cast<std::streamsize>(result->payload.size()));
    std::cout << '\n';
  }
  std::cout.flush();
  return bad_lines > 0 ? kExitDataError : kExitOk;
}

}  // namespace iotsql::cli
