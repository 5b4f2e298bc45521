// `iotsql`: the command-line tool. Exit codes: 0 ok, 1 rule or data error, 2 usage error.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: iotsql <command> [options]\n"
    "\n"
    "AWS IoT Core rules-engine SQL, compiled and evaluated locally.\n"
    "\n"
    "commands:\n"
    "  eval         evaluate a rule on JSON payloads read from stdin, one per line\n"
    "  explain      print the bytecode (or --ast) of a rule\n"
    "  conformance  run conformance vector files\n"
    "  run          run rule files on a file of messages, writing the actions they trigger\n"
    "  validate     check rule files (JSON, YAML, CloudFormation) offline, for CI\n"
    "  serve        run the rules on an MQTT broker's messages (shared subscriptions)\n"
    "  bench        measure the throughput of rule files on a file of messages\n"
    "\n"
    "Run 'iotsql <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2")) {
    std::fprintf(stderr, "iotsql: this build needs a Haswell-or-later CPU (AVX2, BMI2); rebuild with "
                         "-DIOTSQL_ARCH=x86-64 for older processors\n");
    return 1;
  }
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "bench") return iotsql::cli::BenchCommand(args);
  if (command == "eval") return iotsql::cli::EvalCommand(args);
  if (command == "explain") return iotsql::cli::ExplainCommand(args);
  if (command == "conformance") return iotsql::cli::ConformanceCommand(args);
  if (command == "run") return iotsql::cli::RunCommand(args);
  if (command == "validate") return iotsql::cli::ValidateCommand(args);
  if (command == "serve") return iotsql::cli::ServeCommand(args);
  std::fprintf(stderr, "iotsql: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
