// `iotsql validate`: offline checks of rule files, for CI before a rule is deployed.
#include <cstdio>
#include <iostream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "validate/check_catalog.h"
#include "validate/report.h"
#include "validate/validator.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql validate [--format text|json|sarif] [--werror] [--disable CHECK,...] PATH...\n"
    "\n"
    "Checks AWS IoT rule files offline, as CreateTopicRule would and beyond: JSON/YAML syntax,\n"
    "the payload's API shape (members, types, enum values, rule name, ARNs), the SQL, every\n"
    "${...} template of the actions and error action, and warnings for rules that are legal\n"
    "but almost certainly wrong. Positions are in your file, escapes taken into account.\n"
    "\n"
    "PATH is a file or a directory (searched recursively for *.json, *.yaml, *.yml; files\n"
    "there that are not rule files are skipped). Accepted: TopicRulePayload files\n"
    "(create-topic-rule --topic-rule-payload), --cli-input-json/yaml files, get-topic-rule\n"
    "output, and CloudFormation templates with AWS::IoT::TopicRule resources.\n"
    "\n"
    "  --format F        text (default; compiler style), json, or sarif (SARIF 2.1.0)\n"
    "  --werror          report warnings as errors\n"
    "  --disable C,...   do not report these warning checks (e.g. no-error-action)\n"
    "  --list-checks     print every check with its severity and exit\n"
    "  --quiet           text format: no summary line on stderr\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.\n";

int Usage(const std::string& message) {
  std::cerr << "iotsql validate: " << message << "\n\n" << kHelp;
  return kExitUsage;
}

const char* kVersion = "0.1";

}  // namespace

int ValidateCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {"--format", "--disable"},
                              {"--werror", "--list-checks", "--quiet"});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (!args.error.empty()) return Usage(args.error);
  if (args.options.count("--list-checks")) {
    for (const validate::CheckInfo& c : validate::AllChecks()) {
      std::printf("%-26s %-8s %s\n", c.name, c.severity, c.description);
    }
    return kExitOk;
  }
  std::string format = args.options.count("--format") ? args.options["--format"] : "text";
  if (format != "text" && format != "json" && format != "sarif") {
    return Usage("--format must be text, json or sarif, not '" + format + "'");
  }
  std::set<std::string> disabled;
  if (args.options.count("--disable")) {
    for (absl::string_view part : absl::StrSplit(args.options["--disable"], ',')) {
      std::string name(part);
      if (name.empty()) continue;
      const validate::CheckInfo* info = validate::FindCheck(name);
      if (info == nullptr) return Usage("unknown check '" + name + "' (see --list-checks)");
      if (std::string(info->severity) != "warning") {
        return Usage("'" + name + "' is an error check; only warnings can be disabled");
      }
      disabled.insert(name);
    }
  }
  if (args.positional.empty()) return Usage("name at least one file or directory");
  bool werror = args.options.count("--werror") > 0;

  absl::StatusOr<std::vector<validate::InputFile>> inputs =
      validate::CollectInputs(args.positional);
  if (!inputs.ok()) {
    std::cerr << "iotsql validate: " << inputs.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<validate::FileReport> reports;
  reports.reserve(inputs->size());
  for (const validate::InputFile& input : *inputs) {
    validate::FileReport report = validate::ValidateFile(input.path, input.named);
    std::vector<validate::Finding> kept;
    for (validate::Finding& f : report.findings) {
      if (f.severity == Severity::kWarning && disabled.count(f.check)) continue;
      if (werror && f.severity == Severity::kWarning) f.severity = Severity::kError;
      kept.push_back(std::move(f));
    }
    report.findings = std::move(kept);
    if (format == "text") std::cout << validate::FormatText(report);
    reports.push_back(std::move(report));
  }
  validate::Totals totals = validate::CountTotals(reports);
  if (format == "json") std::cout << validate::FormatJson(reports);
  if (format == "sarif") std::cout << validate::FormatSarif(reports, kVersion);
  std::cout.flush();
  if (format == "text" && !args.options.count("--quiet")) {
    if (totals.files == 0) {
      std::cerr << "iotsql validate: no rule files found\n";
    } else {
      std::cerr << "iotsql validate: " << totals.files << " file" << (totals.files == 1 ? "" : "s")
                << ", " << totals.rules << " rule" << (totals.rules == 1 ? "" : "s") << ": "
                << totals.errors << " error" << (totals.errors == 1 ? "" : "s") << ", "
                << totals.warnings << " warning" << (totals.warnings == 1 ? "" : "s") << "\n";
    }
  }
  std::cout.flush();
  return totals.errors > 0 ? kExitDataError : kExitOk;
}

}  // namespace iotsql::cli
