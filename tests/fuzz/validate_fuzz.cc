// `iotsql validate` on any file contents: JSON and YAML rule files and CloudFormation templates
// through the validator (syntax, shape, SQL, templates, lints, source positions), and the three
// report formats over what it found.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "validate/report.h"
#include "validate/validator.h"

namespace {

void Check(const std::string& path, std::string_view text) {
  iotsql::validate::FileReport report =
      iotsql::validate::ValidateText(path, std::string(text), /*named=*/true);
  (void)iotsql::validate::FormatText(report);
  std::vector<iotsql::validate::FileReport> reports;
  reports.push_back(std::move(report));
  std::string json = iotsql::validate::FormatJson(reports);
  IOTSQL_FUZZ_CHECK(iotsql::fuzz::IsJsonDocument(json), iotsql::fuzz::Printable(json));
  std::string sarif = iotsql::validate::FormatSarif(reports, "fuzz");
  IOTSQL_FUZZ_CHECK(iotsql::fuzz::IsJsonDocument(sarif), iotsql::fuzz::Printable(sarif));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = iotsql::fuzz::AsText(data, size);
  // Without an extension the first character picks the syntax; JSON is also valid YAML, so a
  // JSON-looking input goes through the YAML reader as well.
  Check("rule", text);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    Check("rule.yaml", text);
  }
  return 0;
}
