#include "validate/validator.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "validate/json_document.h"
#include "validate/rule_check.h"
#include "validate/yaml_document.h"

namespace iotsql::validate {

namespace fs = std::filesystem;

namespace {

bool HasExtension(const std::string& path, std::initializer_list<const char*> exts) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : exts) {
    if (ext == e) return true;
  }
  return false;
}

bool LooksLikeJson(const std::string& text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

FileReport ValidateText(const std::string& path, std::string text, bool named) {
  FileReport report;
  report.path = path;
  report.text = std::move(text);
  bool yaml = HasExtension(path, {".yaml", ".yml"}) ||
              (!HasExtension(path, {".json"}) && !LooksLikeJson(report.text));
  std::vector<Node> roots;
  bool parsed;
  if (yaml) {
    parsed = ParseYamlDocuments(report.text, &roots, &report.findings);
  } else {
    roots.emplace_back();
    parsed = ParseJsonDocument(report.text, &roots.back(), &report.findings);
  }
  if (!parsed) {
    report.kind = InputKind::kUnknown;
    return report;
  }
  std::string stem = fs::path(path).stem().string();
  bool any_known = false;
  for (Node& root : roots) {
    std::vector<RuleSite> sites;
    InputKind kind = FindRules(&root, stem, &sites);
    if (kind == InputKind::kUnknown) continue;
    any_known = true;
    report.kind = kind;
    if (kind == InputKind::kCloudFormation && sites.empty() && named) {
      AddFinding(&report.findings, Severity::kWarning, root.begin, root.begin + 1,
                 "the template has no AWS::IoT::TopicRule resource", "no-rules");
    }
    for (const RuleSite& site : sites) {
      ++report.rules;
      CheckRule(site, &report.findings);
    }
  }
  if (!any_known) {
    if (!named) {
      report.skipped = true;
      return report;
    }
    uint32_t at = roots.empty() ? 0 : roots.front().begin;
    AddFinding(&report.findings, Severity::kError, at, at + 1,
               absl::StrCat(roots.empty() ? "the file is empty" : "not a rule file",
                            ": expected a TopicRulePayload (\"sql\", \"actions\", ...), "
                            "get-topic-rule output ({\"rule\": ...}), --cli-input-json "
                            "({\"ruleName\", \"topicRulePayload\"}) or a CloudFormation template"),
               "not-a-rule-file");
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.begin < b.begin; });
  return report;
}

FileReport ValidateFile(const std::string& path, bool named) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) {
    FileReport report;
    report.path = path;
    AddFinding(&report.findings, Severity::kError, 0, 0, "cannot read the file", "io");
    return report;
  }
  return ValidateText(path, buffer.str(), named);
}

absl::StatusOr<std::vector<InputFile>> CollectInputs(const std::vector<std::string>& paths) {
  std::vector<InputFile> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      return absl::NotFoundError(absl::StrCat(p, ": no such file or directory"));
    }
    if (!fs::is_directory(status)) {
      out.push_back({p, true});
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
    if (ec) return absl::PermissionDeniedError(absl::StrCat(p, ": ", ec.message()));
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && HasExtension(name, {".json", ".yaml", ".yml"})) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    for (std::string& f : found) out.push_back({std::move(f), false});
  }
  return out;
}

}  // namespace iotsql::validate
