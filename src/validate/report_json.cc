#include "absl/strings/str_cat.h"
#include "validate/report.h"
#include "validate/source_map.h"
#include "value/convert.h"

namespace iotsql::validate {

// Findings quote the user's file, and a YAML file is read as bytes: AppendJsonStringOfBytes
// turns whatever is not UTF-8 into U+FFFD, so that the report stays JSON.

std::string FormatJson(const std::vector<FileReport>& reports) {
  Totals t = CountTotals(reports);
  std::string out;
  absl::StrAppend(&out, "{\"files\": ", t.files, ", \"rules\": ", t.rules, ", \"errors\": ",
                  t.errors, ", \"warnings\": ", t.warnings, ", \"diagnostics\": [");
  bool first = true;
  for (const FileReport& r : reports) {
    if (r.findings.empty()) continue;
    LineIndex lines(r.text);
    for (const Finding& f : r.findings) {
      LineColumn b = lines.At(f.begin);
      LineColumn e = lines.At(f.end);
      out += first ? "\n  {" : ",\n  {";
      first = false;
      out += "\"file\": ";
      AppendJsonStringOfBytes(r.path, &out);
      absl::StrAppend(&out, ", \"line\": ", b.line, ", \"column\": ", b.column,
                      ", \"end_line\": ", e.line, ", \"end_column\": ", e.column,
                      ", \"severity\": \"",
                      f.severity == Severity::kError ? "error"
                      : f.severity == Severity::kWarning ? "warning" : "note",
                      "\", \"check\": ");
      AppendJsonStringOfBytes(f.check, &out);
      out += ", \"message\": ";
      AppendJsonStringOfBytes(f.message, &out);
      if (!f.hint.empty()) {
        out += ", \"hint\": ";
        AppendJsonStringOfBytes(f.hint, &out);
      }
      if (!f.rule.empty()) {
        out += ", \"rule\": ";
        AppendJsonStringOfBytes(f.rule, &out);
      }
      out += "}";
    }
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace iotsql::validate
