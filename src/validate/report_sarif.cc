#include <algorithm>
#include <cctype>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "validate/check_catalog.h"
#include "validate/report.h"
#include "validate/source_map.h"
#include "value/convert.h"

namespace iotsql::validate {

namespace {

// SARIF columns count UTF-16 code units by default: 1 + the units before `offset` in its line.
int Utf16Column(const LineIndex& lines, uint32_t offset) {
  LineColumn at = lines.At(offset);
  std::string_view line = lines.Line(at.line);
  size_t bytes = std::min<size_t>(static_cast<size_t>(at.column - 1), line.size());
  int units = 0;
  for (size_t i = 0; i < bytes; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;    // continuation byte
    units += c >= 0xF0 ? 2 : 1;          // 4-byte sequences are surrogate pairs
  }
  return units + 1;
}

// A relative path as a URI reference (RFC 3986): unreserved characters and / kept.
std::string PathToUri(const std::string& path) {
  std::string out;
  if (!path.empty() && path[0] == '/') out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

}  // namespace

std::string FormatSarif(const std::vector<FileReport>& reports, std::string_view tool_version) {
  // Rules: the catalog's checks that occur, in catalog order (ruleIndex points into it).
  std::map<std::string, int> index;
  std::vector<std::string> ids;
  for (const CheckInfo& c : AllChecks()) {
    for (const FileReport& r : reports) {
      bool used = false;
      for (const Finding& f : r.findings) used = used || f.check == c.name;
      if (used) {
        index[c.name] = static_cast<int>(ids.size());
        ids.push_back(c.name);
        break;
      }
    }
  }
  for (const FileReport& r : reports) {
    for (const Finding& f : r.findings) {
      if (index.count(f.check) == 0) {
        index[f.check] = static_cast<int>(ids.size());
        ids.push_back(f.check);
      }
    }
  }
  std::string out =
      "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
      "      \"name\": \"iotsql-validate\",\n      \"version\": ";
  AppendJsonStringOfBytes(tool_version, &out);
  out += ",\n      \"informationUri\": \"https://docs.aws.amazon.com/iot/latest/developerguide/"
         "iot-sql-reference.html\",\n      \"rules\": [";
  for (size_t i = 0; i < ids.size(); ++i) {
    const CheckInfo* info = FindCheck(ids[i]);
    out += i == 0 ? "\n        {" : ",\n        {";
    out += "\"id\": ";
    AppendJsonStringOfBytes(ids[i], &out);
    out += ", \"shortDescription\": {\"text\": ";
    AppendJsonStringOfBytes(info != nullptr ? info->description : ids[i], &out);
    out += "}, \"defaultConfiguration\": {\"level\": ";
    AppendJsonStringOfBytes(info != nullptr ? info->severity : "error", &out);
    out += "}}";
  }
  out += ids.empty() ? "]\n    }},\n" : "\n      ]\n    }},\n";
  out += "    \"columnKind\": \"utf16CodeUnits\",\n    \"results\": [";
  bool first = true;
  for (const FileReport& r : reports) {
    if (r.findings.empty()) continue;
    LineIndex lines(r.text);
    for (const Finding& f : r.findings) {
      out += first ? "\n      {" : ",\n      {";
      first = false;
      out += "\"ruleId\": ";
      AppendJsonStringOfBytes(f.check, &out);
      absl::StrAppend(&out, ", \"ruleIndex\": ", index[f.check], ", \"level\": \"",
                      f.severity == Severity::kError ? "error"
                      : f.severity == Severity::kWarning ? "warning" : "note",
                      "\", \"message\": {\"text\": ");
      AppendJsonStringOfBytes(
          f.hint.empty() ? f.message : absl::StrCat(f.message, " (hint: ", f.hint, ")"), &out);
      out += "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ";
      AppendJsonStringOfBytes(PathToUri(r.path), &out);
      LineColumn b = lines.At(f.begin);
      LineColumn e = lines.At(f.end);
      absl::StrAppend(&out, "}, \"region\": {\"startLine\": ", b.line, ", \"startColumn\": ",
                      Utf16Column(lines, f.begin), ", \"endLine\": ", e.line,
                      ", \"endColumn\": ", Utf16Column(lines, f.end), "}}}]");
      if (!f.rule.empty()) {
        out += ", \"properties\": {\"awsIotRule\": ";
        AppendJsonStringOfBytes(f.rule, &out);
        out += "}";
      }
      out += "}";
    }
  }
  out += first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n";
  return out;
}

}  // namespace iotsql::validate
