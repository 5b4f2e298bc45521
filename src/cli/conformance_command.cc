#include <iostream>

#include "cli/commands.h"
#include "conformance/conformance.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql conformance FILE...\n"
    "\n"
    "Runs conformance vectors (JSON lines: sql, sql_version, topic, payload, context, expect;\n"
    "see tests/data/README.md). Prints one line per failing case, then\n"
    "'conformance: N passed, M failed, K skipped'. Cases marked unverified or disputed are\n"
    "reported but do not fail the run. Exit status 1 when a gated case failed.\n";

}  // namespace

int ConformanceCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {}, {});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (!args.error.empty() || args.positional.empty()) {
    std::cerr << "iotsql conformance: "
              << (args.error.empty() ? std::string("name at least one FILE") : args.error)
              << "\n\n" << kHelp;
    return kExitUsage;
  }
  ConformanceResult total;
  for (const std::string& path : args.positional) {
    ConformanceResult r = RunConformanceFile(path);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    for (const std::string& line : r.lines) std::cout << line << "\n";
  }
  std::cout << "conformance: " << total.passed << " passed, " << total.failed << " failed, "
            << total.skipped << " skipped\n";
  return total.failed > 0 ? kExitDataError : kExitOk;
}

}  // namespace iotsql::cli
