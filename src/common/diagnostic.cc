#include "common/diagnostic.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace iotsql {

Position PositionOf(std::string_view source, uint32_t offset) {
  Position p;
  size_t end = std::min<size_t>(offset, source.size());
  for (size_t i = 0; i < end; ++i) {
    if (source[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

static const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string FormatDiagnostic(const Diagnostic& d, std::string_view source, std::string_view name) {
  Position pos = PositionOf(source, d.span.begin);
  std::string out;
  if (!name.empty()) absl::StrAppend(&out, absl::string_view(name.data(), name.size()), ":");
  absl::StrAppend(&out, pos.line, ":", pos.column, ": ", SeverityName(d.severity), ": ", d.message);
  if (!d.check.empty()) absl::StrAppend(&out, " [", d.check, "]");
  out += '\n';
  // The source line and a caret under the span (tabs kept so the caret lines up).
  size_t begin = std::min<size_t>(d.span.begin, source.size());
  size_t line_start = source.rfind('\n', begin == 0 ? 0 : begin - 1);
  line_start = (line_start == std::string_view::npos || begin == 0) ? 0 : line_start + 1;
  if (begin > 0 && source[begin - 1] == '\n') line_start = begin;
  size_t line_end = source.find('\n', begin);
  if (line_end == std::string_view::npos) line_end = source.size();
  std::string_view line = source.substr(line_start, line_end - line_start);
  out += "  ";
  out.append(line.data(), line.size());
  out += "\n  ";
  for (size_t i = line_start; i < begin; ++i) out += (source[i] == '\t') ? '\t' : ' ';
  out += '^';
  size_t end = std::min<size_t>(std::max(d.span.end, d.span.begin), line_end);
  for (size_t i = begin + 1; i < end; ++i) out += '~';
  out += '\n';
  if (!d.hint.empty()) absl::StrAppend(&out, "  hint: ", d.hint, "\n");
  return out;
}

std::string FormatDiagnostics(const std::vector<Diagnostic>& ds, std::string_view source,
                              std::string_view name) {
  std::string out;
  for (const Diagnostic& d : ds) out += FormatDiagnostic(d, source, name);
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

}  // namespace iotsql
