// `iotsql validate` golden files: the text report of every input under tests/data/validate/
// (invalid/ and shape_invalid/: one or more checks each) against tests/golden/validate/, and
// the JSON and SARIF formats of a directory run. Rewrite with IOTSQL_UPDATE_GOLDEN=1.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "golden.h"
#include "validate/check_catalog.h"
#include "validate/report.h"
#include "validate/validator.h"

#ifndef IOTSQL_TEST_DATA_DIR
#define IOTSQL_TEST_DATA_DIR "tests/data"
#endif

namespace iotsql::validate {
namespace {

namespace fs = std::filesystem;

const std::string kDataDir = std::string(IOTSQL_TEST_DATA_DIR) + "/validate/";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Relative paths ("invalid/sql_errors.json") of the inputs in one subdirectory, sorted.
std::vector<std::string> Inputs(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(kDataDir + dir)) {
    out.push_back(dir + "/" + entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Reports name files by their path below tests/data/validate/, so goldens do not depend on
// where the repository is.
FileReport Validate(const std::string& relative) {
  return ValidateText(relative, Read(kDataDir + relative), /*named=*/true);
}

TEST(ValidateGolden, InvalidInputs) {
  std::vector<std::string> inputs = Inputs("invalid");
  ASSERT_GE(inputs.size(), 20u);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    FileReport report = Validate(input);
    EXPECT_FALSE(report.findings.empty()) << input << " should have findings";
    testing::ExpectGolden("validate/" + input + ".txt", FormatText(report));
  }
}

TEST(ValidateGolden, ShapeInvalidInputs) {
  for (const std::string& input : Inputs("shape_invalid")) {
    SCOPED_TRACE(input);
    FileReport report = Validate(input);
    EXPECT_TRUE(std::any_of(report.findings.begin(), report.findings.end(),
                            [](const Finding& f) { return f.severity == Severity::kError; }));
    testing::ExpectGolden("validate/" + input + ".txt", FormatText(report));
  }
}

TEST(ValidateGolden, ValidInputsHaveNoFindings) {
  std::vector<std::string> inputs = Inputs("valid");
  ASSERT_GE(inputs.size(), 5u);
  for (const std::string& input : inputs) {
    FileReport report = Validate(input);
    EXPECT_EQ(FormatText(report), "") << input;
    EXPECT_GE(report.rules, 1) << input;
  }
}

TEST(ValidateGolden, ExamplesHaveNoErrors) {
  std::string dir = std::string(IOTSQL_TEST_DATA_DIR) + "/../../examples/rules";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    FileReport report = ValidateFile(entry.path().string(), true);
    ++files;
    for (const Finding& f : report.findings) {
      // The examples have no error action; everything else must be clean.
      EXPECT_EQ(f.check, "no-error-action") << entry.path() << ": " << f.message;
    }
  }
  EXPECT_GE(files, 10);
}

// Every check of the catalog that a rule file can trigger appears in some golden file.
TEST(ValidateGolden, EveryCheckIsCovered) {
  std::set<std::string> seen;
  for (const char* dir : {"invalid", "shape_invalid"}) {
    for (const std::string& input : Inputs(dir)) {
      for (const Finding& f : Validate(input).findings) seen.insert(f.check);
    }
  }
  // Not reachable from a file's contents: unreadable files and compiler faults.
  const std::set<std::string> untestable = {"io", "internal"};
  for (const CheckInfo& c : AllChecks()) {
    if (untestable.count(c.name)) continue;
    EXPECT_TRUE(seen.count(c.name)) << "no golden input triggers " << c.name;
  }
}

std::vector<FileReport> FormatInputs() {
  std::vector<FileReport> reports;
  for (const char* input : {"invalid/sql_errors.json", "invalid/cloudformation_errors.yaml",
                            "invalid/warnings_rule.json", "valid/cli_input.json"}) {
    reports.push_back(Validate(input));
  }
  return reports;
}

TEST(ValidateGolden, JsonFormat) {
  testing::ExpectGolden("validate/format.json", FormatJson(FormatInputs()));
}

TEST(ValidateGolden, SarifFormat) {
  testing::ExpectGolden("validate/format.sarif", FormatSarif(FormatInputs(), "test"));
}

TEST(ValidateGolden, EmptyRunFormats) {
  EXPECT_EQ(FormatJson({}),
            "{\"files\": 0, \"rules\": 0, \"errors\": 0, \"warnings\": 0, \"diagnostics\": []}\n");
  EXPECT_NE(FormatSarif({}, "t").find("\"results\": []"), std::string::npos);
}

}  // namespace
}  // namespace iotsql::validate
