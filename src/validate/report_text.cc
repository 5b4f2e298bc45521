#include <algorithm>

#include "absl/strings/str_cat.h"
#include "validate/report.h"
#include "validate/source_map.h"

namespace iotsql::validate {

namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

}  // namespace

Totals CountTotals(const std::vector<FileReport>& reports) {
  Totals t;
  for (const FileReport& r : reports) {
    if (r.skipped) continue;
    ++t.files;
    t.rules += r.rules;
    for (const Finding& f : r.findings) {
      if (f.severity == Severity::kError) ++t.errors;
      if (f.severity == Severity::kWarning) ++t.warnings;
    }
  }
  return t;
}

std::string FormatText(const FileReport& report) {
  std::string out;
  if (report.findings.empty()) return out;
  LineIndex lines(report.text);
  for (const Finding& f : report.findings) {
    LineColumn at = lines.At(f.begin);
    absl::StrAppend(&out, report.path, ":", at.line, ":", at.column, ": ",
                    SeverityName(f.severity), ": ", f.message);
    if (!f.check.empty()) absl::StrAppend(&out, " [", f.check, "]");
    out += '\n';
    std::string_view line = lines.Line(at.line);
    if (!report.text.empty()) {
      out += "  ";
      out.append(line.data(), line.size());
      out += "\n  ";
      // One mark per character, not per byte, so that the caret sits under the character on a
      // terminal even after é or 温; tabs kept so that it lines up under a tab-indented line.
      auto continuation = [&](size_t i) {
        return (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
      };
      size_t col = static_cast<size_t>(at.column - 1);
      for (size_t i = 0; i < col && i < line.size(); ++i) {
        if (!continuation(i)) out += line[i] == '\t' ? '\t' : ' ';
      }
      out += '^';
      LineColumn end = lines.At(f.end);
      size_t last = end.line == at.line ? static_cast<size_t>(end.column - 1) : line.size();
      last = std::min(last, line.size());
      for (size_t i = col + 1; i < last; ++i) {
        if (!continuation(i)) out += '~';
      }
      out += '\n';
    }
    if (!f.hint.empty()) absl::StrAppend(&out, "  hint: ", f.hint, "\n");
  }
  return out;
}

}  // namespace iotsql::validate
