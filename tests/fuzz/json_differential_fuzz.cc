// The On-Demand payload reader (src/value/json_reader.h) against a full simdjson DOM parse of
// the same bytes. Whole-document reads must accept exactly what the DOM accepts (nesting up to
// the reader's 256 levels) and give the same values; reads of a few named members must succeed
// and agree on every document the DOM accepts (they may accept more: members the rule does not
// read are skipped, not validated — see the README). The canonical-JSON scanner behind
// `SELECT *` (src/value/canonical_json.h) must only accept what the reader accepts, write what
// AppendJson writes for it, and read the same members.
//
// Input: one control byte (SQL version, which members to ask for), then the payload.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "simdjson.h"
#include "value/canonical_json.h"
#include "value/convert.h"
#include "value/json_reader.h"

namespace {

namespace dom = simdjson::dom;
using iotsql::Value;
using iotsql::fuzz::Printable;

constexpr int kReaderDepth = 256;

// Nesting depth as the reader counts it: every value, scalars included, is one level.
int Depth(dom::element e) {
  int deepest = 0;
  if (e.is_array()) {
    for (dom::element child : dom::array(e)) deepest = std::max(deepest, Depth(child));
  } else if (e.is_object()) {
    for (dom::key_value_pair m : dom::object(e)) deepest = std::max(deepest, Depth(m.value));
  }
  return deepest + 1;
}

// Whether a number token outside strings may lie beyond a Decimal's exponent range (about
// 1E±6111): a long token, or an exponent of four digits or more. The reader refuses such a
// document (it is not JSON to AWS IoT SQL, whose numbers are decimals); the DOM may take it
// (underflow to 0) or refuse it (overflow).
bool HasExtremeNumber(std::string_view s) {
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    size_t start = i;
    while (i < s.size() && std::string_view("0123456789.eE+-").find(s[i]) != std::string_view::npos) {
      ++i;
    }
    std::string_view token = s.substr(start, i - start);
    if (token.size() > 300) return true;
    size_t e = token.find_first_of("eE");
    if (e != std::string_view::npos) {
      std::string_view exp = token.substr(e + 1);
      if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.remove_prefix(1);
      size_t first = exp.find_first_not_of('0');
      if (first != std::string_view::npos && exp.size() - first >= 4) return true;
    }
    if (i > start) --i;
  }
  return false;
}

std::string NumberText(const Value& v) {
  std::string s;
  iotsql::AppendNumber(v, &s);
  return s;
}

// "" when equal, else what differs.
std::string Compare(dom::element e, const Value& v, const std::string& path) {
  switch (e.type()) {
    case dom::element_type::ARRAY: {
      if (!v.is_array()) return path + ": not an array";
      dom::array a(e);
      if (a.size() != v.size()) return path + ": array sizes differ";
      uint32_t i = 0;
      for (dom::element child : a) {
        std::string d = Compare(child, v.items()[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
        ++i;
      }
      return "";
    }
    case dom::element_type::OBJECT: {
      if (!v.is_object()) return path + ": not an object";
      // A repeated key keeps its first position and its last value.
      std::vector<std::pair<std::string_view, dom::element>> members;
      for (dom::key_value_pair m : dom::object(e)) {
        bool repeated = false;
        for (auto& kept : members) {
          if (kept.first == m.key) {
            kept.second = m.value;
            repeated = true;
          }
        }
        if (!repeated) members.emplace_back(m.key, m.value);
      }
      if (members.size() != v.size()) return path + ": member counts differ";
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (v.members()[i].key != members[i].first) {
          return path + ": member " + std::to_string(i) + " is '" +
                 Printable(v.members()[i].key) + "', the DOM has '" +
                 Printable(members[i].first) + "'";
        }
        std::string d = Compare(members[i].second, v.members()[i].value,
                                path + "." + std::string(members[i].first));
        if (!d.empty()) return d;
      }
      return "";
    }
    case dom::element_type::STRING:
      if (!v.is_string()) return path + ": not a string";
      if (v.as_string() != std::string_view(e)) return path + ": strings differ";
      return "";
    case dom::element_type::BOOL:
      if (!v.is_bool() || v.as_bool() != bool(e)) return path + ": booleans differ";
      return "";
    case dom::element_type::NULL_VALUE:
      if (!v.is_null()) return path + ": not null";
      return "";
    case dom::element_type::INT64:
      if (!v.is_int() || v.is_big_int() || v.as_int() != int64_t(e)) {
        return path + ": int64 " + std::to_string(int64_t(e)) + " read as " +
               (v.is_number() ? NumberText(v) : iotsql::KindName(v.kind()));
      }
      return "";
    case dom::element_type::UINT64:
      if (!v.is_int() || NumberText(v) != std::to_string(uint64_t(e))) {
        return path + ": uint64 " + std::to_string(uint64_t(e)) + " read as " +
               (v.is_number() ? NumberText(v) : iotsql::KindName(v.kind()));
      }
      return "";
    case dom::element_type::DOUBLE: {
      if (!v.is_number()) return path + ": not a number";
      // Both sides round the same decimal to the nearest double, except that the reader first
      // keeps 34 significant digits: allow one unit in the last place.
      double want = double(e);
      double got = std::strtod(NumberText(v).c_str(), nullptr);
      if (got != want && std::fabs(got - want) > std::fabs(want) * 2.3e-16) {
        return path + ": number " + NumberText(v) + " vs the DOM's double";
      }
      return "";
    }
  }
  return path + ": unknown DOM type";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t control = data[0];
  std::string_view payload = iotsql::fuzz::AsText(data + 1, size - 1);
  const bool v2 = control & 1;

  static dom::parser* parser = new dom::parser;
  static iotsql::JsonReader* reader = new iotsql::JsonReader;
  static iotsql::Arena* arena = new iotsql::Arena;
  arena->Reset();
  simdjson::padded_string padded(payload.data(), payload.size());
  dom::element root;
  simdjson::error_code dom_error = parser->parse(padded).get(root);
  // The reader's numbers are 34-digit decimals: it may take numbers a double cannot hold (and
  // refuses those beyond a Decimal's exponent range), so the DOM's number errors decide nothing.
  const bool number_error = dom_error == simdjson::NUMBER_ERROR ||
                            dom_error == simdjson::NUMBER_OUT_OF_RANGE ||
                            HasExtremeNumber(payload);
  const int depth = dom_error == simdjson::SUCCESS ? Depth(root) : 0;

  iotsql::PayloadView whole = reader->Read(payload, {}, /*whole_document=*/true, v2, arena,
                                           nullptr);
  if (!number_error) {
    const bool dom_accepts = dom_error == simdjson::SUCCESS && depth <= kReaderDepth;
    if (whole.is_json != dom_accepts) {
      iotsql::fuzz::Fail(whole.is_json ? "the reader accepts what the DOM rejects"
                                       : "the reader rejects what the DOM accepts",
                         std::string(simdjson::error_message(dom_error)) + " (depth " +
                             std::to_string(depth) + "): " + Printable(payload));
    }
  }
  if (whole.is_json && dom_error == simdjson::SUCCESS) {
    std::string d = Compare(root, whole.document, "$");
    if (!d.empty()) iotsql::fuzz::Fail("values differ", d + " in " + Printable(payload));
  }
  // The reader's values last until its next Read.
  std::string whole_written;
  if (whole.is_json) iotsql::AppendJson(whole.document, &whole_written);

  // Named members: some keys of the DOM's top-level object (chosen by the control bits), plus
  // one that is not there.
  std::vector<std::string> fields;
  if (dom_error == simdjson::SUCCESS && root.is_object()) {
    unsigned bit = 1;
    for (dom::key_value_pair m : dom::object(root)) {
      // A program names each member once (its root fields are interned).
      if ((control & (bit << 1)) &&
          std::find(fields.begin(), fields.end(), m.key) == fields.end()) {
        fields.emplace_back(m.key);
      }
      bit = bit < 64 ? bit << 1 : 1;
    }
  }
  fields.emplace_back("\x01missing");
  std::vector<Value> roots(fields.size());
  iotsql::PayloadView some = reader->Read(payload, fields, /*whole_document=*/false, v2, arena,
                                          roots.data());
  if (dom_error == simdjson::SUCCESS && depth <= kReaderDepth && !number_error) {
    if (!some.is_json) iotsql::fuzz::Fail("member reads reject a document", Printable(payload));
    for (size_t i = 0; i < fields.size(); ++i) {
      const Value* want_found = nullptr;
      dom::element want;
      if (root.is_object()) {
        for (dom::key_value_pair m : dom::object(root)) {
          if (m.key == fields[i]) want = m.value, want_found = &roots[i];
        }
      }
      if (want_found == nullptr) {
        IOTSQL_FUZZ_CHECK(roots[i].is_undefined(), fields[i] + " in " + Printable(payload));
        continue;
      }
      std::string d = Compare(want, roots[i], fields[i]);
      if (!d.empty()) iotsql::fuzz::Fail("member values differ", d + " in " + Printable(payload));
    }
  }

  static iotsql::CanonicalJsonScanner* scanner = new iotsql::CanonicalJsonScanner;
  std::vector<Value> scanned(fields.size());
  bool roots_read = false;
  static std::string* scanned_json = new std::string;
  if (scanner->Scan(payload, v2, kReaderDepth, fields, scanned.data(), &roots_read,
                    scanned_json)) {
    IOTSQL_FUZZ_CHECK(whole.is_json, "the canonical scanner accepts what the reader rejects: " +
                                         Printable(payload));
    if (whole_written != *scanned_json) {
      iotsql::fuzz::Fail("the canonical scanner writes differently",
                         Printable(payload) + "\n  scanner: " + Printable(*scanned_json) +
                             "\n  AppendJson: " + Printable(whole_written));
    }
    // Accepted documents are JSON to the reader: the DOM took them too unless a number is
    // beyond a double.
    if (dom_error == simdjson::SUCCESS) {
      for (size_t i = 0; roots_read && i < fields.size(); ++i) {
        dom::element want;
        bool found = false;
        if (root.is_object()) {
          for (dom::key_value_pair m : dom::object(root)) {
            if (m.key == fields[i]) want = m.value, found = true;
          }
        }
        if (!found) {
          IOTSQL_FUZZ_CHECK(scanned[i].is_undefined(), fields[i] + " in " + Printable(payload));
          continue;
        }
        std::string d = Compare(want, scanned[i], fields[i]);
        if (!d.empty()) {
          iotsql::fuzz::Fail("the canonical scanner reads a member differently",
                             d + " in " + Printable(payload));
        }
      }
    }
  }
  return 0;
}
