#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/utf8.h"
#include "validate/report.h"
#include "validate/source_map.h"

namespace iotsql::validate {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0.
size_t WellFormedLength(std::string_view s, size_t i) {
  size_t n = Utf8CharLength(s, i);
  if (n == 1) return static_cast<unsigned char>(s[i]) < 0x80 ? 1 : 0;
  uint32_t cp = DecodeUtf8(s, i, n);
  bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  *out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // Findings quote the user's file, and a YAML file is read as bytes: whatever is not UTF-8
      // becomes U+FFFD, so that the report stays JSON.
      size_t n = WellFormedLength(s, i);
      if (n == 0) {
        *out += "\xEF\xBF\xBD";  // U+FFFD
      } else {
        out->append(s.data() + i, n);
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (u < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", u);
        } else {
          *out += c;
        }
    }
  }
  *out += '"';
}

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
      AppendJsonString(&out, r.path);
      absl::StrAppend(&out, ", \"line\": ", b.line, ", \"column\": ", b.column,
                      ", \"end_line\": ", e.line, ", \"end_column\": ", e.column,
                      ", \"severity\": \"",
                      f.severity == Severity::kError ? "error"
                      : f.severity == Severity::kWarning ? "warning" : "note",
                      "\", \"check\": ");
      AppendJsonString(&out, f.check);
      out += ", \"message\": ";
      AppendJsonString(&out, f.message);
      if (!f.hint.empty()) {
        out += ", \"hint\": ";
        AppendJsonString(&out, f.hint);
      }
      if (!f.rule.empty()) {
        out += ", \"rule\": ";
        AppendJsonString(&out, f.rule);
      }
      out += "}";
    }
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace iotsql::validate
