#include "validate/yaml_document.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "validate/yaml_scalar.h"

namespace iotsql::validate {

namespace {

constexpr int kMaxDepth = 512;

bool IsCoreNull(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool IsCoreBool(const std::string& s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
         s == "FALSE";
}

// YAML 1.2 core schema numbers: [-+]?[0-9]+, 0o.., 0x.., and floats (.inf, .nan included).
bool IsCoreNumber(const std::string& s, bool* integral) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::string rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF" ||
      (i == 0 && (s == ".nan" || s == ".NaN" || s == ".NAN"))) {
    *integral = false;
    return true;
  }
  auto digits = [](const std::string& t, size_t from, const char* set) {
    if (from >= t.size()) return false;
    for (size_t k = from; k < t.size(); ++k) {
      if (std::string(set).find(t[k]) == std::string::npos) return false;
    }
    return true;
  };
  if (i == 0 && s.size() > 2 && s[0] == '0' && s[1] == 'o' && digits(s, 2, "01234567")) {
    *integral = true;
    return true;
  }
  if (i == 0 && s.size() > 2 && s[0] == '0' && s[1] == 'x' &&
      digits(s, 2, "0123456789abcdefABCDEF")) {
    *integral = true;
    return true;
  }
  size_t k = i;
  size_t int_digits = 0;
  while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k, ++int_digits;
  bool is_integral = true;
  size_t frac_digits = 0;
  if (k < s.size() && s[k] == '.') {
    is_integral = false;
    ++k;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    is_integral = false;
    ++k;
    if (k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
    size_t exp = 0;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k, ++exp;
    if (exp == 0) return false;
  }
  if (k != s.size()) return false;
  *integral = is_integral;
  return true;
}

// "!Sub" -> "Fn::Sub", "!Ref" -> "Ref", "!Condition" -> "Condition".
std::string IntrinsicName(const std::string& tag) {
  std::string name = tag.substr(1);
  if (name == "Ref" || name == "Condition") return name;
  return "Fn::" + name;
}

bool IsStandardTag(const std::string& tag) {
  return tag.empty() || tag == "?" || tag == "!" || tag.rfind("tag:yaml.org,2002:", 0) == 0;
}

class Converter {
 public:
  explicit Converter(std::string_view text) : text_(text) {}

  void Convert(const YAML::Node& in, Node* out, int depth) {
    const YAML::Mark mark = in.Mark();
    out->begin = mark.pos < 0 ? 0 : static_cast<uint32_t>(mark.pos);
    out->end = out->begin;
    std::string tag = in.Tag();
    if (!IsStandardTag(tag)) {
      // A CloudFormation short form: its argument is the node without the tag.
      out->kind = NodeKind::kIntrinsic;
      out->text = IntrinsicName(tag);
      out->items.emplace_back();
      ConvertUntagged(in, &out->items.back(), depth, /*quoted=*/false);
      out->end = out->items.back().end;
      return;
    }
    bool str_tag = tag == "tag:yaml.org,2002:str";
    ConvertUntagged(in, out, depth, /*quoted=*/tag == "!" || str_tag);
  }

 private:
  void ConvertUntagged(const YAML::Node& in, Node* out, int depth, bool quoted) {
    const YAML::Mark mark = in.Mark();
    out->begin = mark.pos < 0 ? 0 : static_cast<uint32_t>(mark.pos);
    out->end = out->begin;
    if (depth > kMaxDepth) return;
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out->kind = NodeKind::kNull;
        return;
      case YAML::NodeType::Scalar: {
        const std::string& s = in.Scalar();
        bool integral = false;
        if (!quoted && IsCoreNull(s)) {
          out->kind = NodeKind::kNull;
        } else if (!quoted && IsCoreBool(s)) {
          out->kind = NodeKind::kBool;
          out->text = (s[0] == 't' || s[0] == 'T') ? "true" : "false";
        } else if (!quoted && IsCoreNumber(s, &integral)) {
          out->kind = NodeKind::kNumber;
          out->integral = integral;
          out->text = s;
        } else {
          out->kind = NodeKind::kString;
          out->text = s;
          bool exact;
          out->map = MapYamlScalar(text_, out->begin, s, &exact);
          out->end = out->map.file_end();
          return;
        }
        out->end = out->begin + static_cast<uint32_t>(s.size());
        return;
      }
      case YAML::NodeType::Sequence:
        out->kind = NodeKind::kArray;
        for (const YAML::Node& item : in) {
          out->items.emplace_back();
          Convert(item, &out->items.back(), depth + 1);
        }
        return;
      case YAML::NodeType::Map:
        out->kind = NodeKind::kObject;
        for (auto it = in.begin(); it != in.end(); ++it) {
          Member m;
          const YAML::Mark key_mark = it->first.Mark();
          m.key_begin = key_mark.pos < 0 ? out->begin : static_cast<uint32_t>(key_mark.pos);
          if (it->first.IsScalar()) {
            m.key = it->first.Scalar();
          } else {
            m.key = "?";  // a complex key; no rule member is one, so the shape check flags it
          }
          m.key_end = KeyEnd(m.key_begin, m.key);
          out->members.push_back(std::move(m));
          Convert(it->second, &out->members.back().value, depth + 1);
        }
        return;
    }
  }

  // A plain or quoted key on one line: its end in the file.
  uint32_t KeyEnd(uint32_t begin, const std::string& key) const {
    if (begin < text_.size() && (text_[begin] == '"' || text_[begin] == '\'')) {
      size_t close = text_.find(text_[begin], begin + 1);
      if (close != std::string_view::npos) return static_cast<uint32_t>(close + 1);
    }
    return begin + static_cast<uint32_t>(key.size());
  }

  std::string_view text_;
};

// yaml-cpp 0.7's LoadAll never returns on some malformed streams (a lone ",", jbeder/yaml-cpp
// #1040, fixed upstream by #1319): its parser reports the same empty document again and again
// without consuming the token, and LoadAll keeps them all until memory runs out. A first pass
// over the parser's events finds that document: one with no content that starts where the
// previous one did.
class DocumentProgress : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark.pos;
    content = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { content = true; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    content = true;
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    content = true;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    content = true;
  }
  void OnMapEnd() override {}

  int start = -1;
  bool content = false;
};

// Where a stream makes LoadAll loop, or -1.
int StuckAt(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentProgress progress;
  int previous = -1;
  while (parser.HandleNextDocument(progress)) {
    if (!progress.content && progress.start == previous) return progress.start;
    previous = progress.start;
  }
  return -1;
}

}  // namespace

bool ParseYamlDocuments(std::string_view text, std::vector<Node>* roots,
                        std::vector<Finding>* findings) {
  try {
    std::string copy(text);
    if (int at = StuckAt(copy); at >= 0) {
      AddFinding(findings, Severity::kError, static_cast<uint32_t>(at),
                 static_cast<uint32_t>(at) + 1, "unexpected character", "yaml-syntax");
      return false;
    }
    std::vector<YAML::Node> docs = YAML::LoadAll(copy);
    Converter converter(text);
    for (const YAML::Node& doc : docs) {
      roots->emplace_back();
      converter.Convert(doc, &roots->back(), 0);
    }
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file".
    uint32_t at = e.mark.pos < 0 ? 0 : static_cast<uint32_t>(e.mark.pos);
    AddFinding(findings, Severity::kError, at, at + 1, "YAML nested too deeply", "yaml-syntax");
    return false;
  } catch (const YAML::Exception& e) {
    uint32_t at = e.mark.pos < 0 ? 0 : static_cast<uint32_t>(e.mark.pos);
    AddFinding(findings, Severity::kError, at, at + 1, e.msg, "yaml-syntax");
    return false;
  }
  return true;
}

}  // namespace iotsql::validate
