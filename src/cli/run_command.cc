// `iotsql run RULES... --input MESSAGES.ndjson [--out DIR]`: the rule engine on a file of
// messages, actions written as NDJSON, and a summary.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/ndjson_sink.h"
#include "engine/json_doc.h"
#include "iotsql/engine.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql run RULES... --input MESSAGES.ndjson [--out DIR] [--max-attempts N]\n"
    "\n"
    "Loads the rules (TopicRulePayload JSON files, or folders of them; a rule is named after\n"
    "its file unless the document names it) and publishes every message of the input to the\n"
    "rules it triggers, as AWS IoT Core would. Each action request is written as one NDJSON\n"
    "line to DIR/actions/<kind>.ndjson (stdout without --out), its ${...} templates rendered.\n"
    "A summary follows; progress shows on stderr when it is a terminal.\n"
    "\n"
    "Input, one JSON object a line:\n"
    "  {\"topic\": \"fleet/a/dev-1/telemetry\", \"payload\": {\"temp\": 60}}\n"
    "  {\"topic\": \"fleet/a/dev-1/frame\", \"payload_base64\": \"AAEC\"}\n"
    "optionally with \"clientid\", \"principal\", \"timestamp\" (epoch ms), \"traceid\", "
    "\"sourceip\".\n"
    "A line that does not fit is reported with its number and skipped. A rule file with an\n"
    "error is reported (file:line:column) and nothing runs.\n"
    "\n"
    "  --input FILE       the messages ('-': stdin)\n"
    "  --out DIR          where the actions go (DIR/actions/*.ndjson, rewritten each run)\n"
    "  --max-attempts N   deliveries per action before its error action (default 3)\n"
    "\n"
    "Exit codes: 0 ok, 1 a rule error or skipped lines, 2 usage error.\n";

struct Message {
  std::string topic;
  std::string payload;
  MessageContext context;
};

// Fills `m` from one input line, or says why not.
bool ParseLine(const std::string& line, Message* m, std::string* why) {
  JsonNode root;
  JsonError error;
  if (!ParseJsonDoc(line, &root, &error)) {
    *why = absl::StrCat("column ", error.offset + 1, ": not valid JSON: ", error.message);
    return false;
  }
  if (root.type != JsonNode::Type::kObject) {
    *why = "a message line is a JSON object with \"topic\" and \"payload\"";
    return false;
  }
  auto string_member = [&](const char* name, std::string* out, bool* present) {
    const JsonNode* v = root.Find(name);
    if (present != nullptr) *present = v != nullptr;
    if (v == nullptr) return true;
    if (v->type != JsonNode::Type::kString) {
      *why = absl::StrCat("\"", name, "\" must be a string, not ", v->TypeName());
      return false;
    }
    *out = v->text;
    return true;
  };
  bool has_topic = false;
  if (!string_member("topic", &m->topic, &has_topic)) return false;
  if (!has_topic) {
    *why = "no \"topic\"";
    return false;
  }
  const JsonNode* payload = root.Find("payload");
  const JsonNode* base64 = root.Find("payload_base64");
  if ((payload == nullptr) == (base64 == nullptr)) {
    *why = "give exactly one of \"payload\" (JSON) and \"payload_base64\"";
    return false;
  }
  if (payload != nullptr) {
    // The payload's own bytes, so that numbers keep their text (10.0 stays 10.0).
    m->payload.assign(line, payload->begin, payload->end - payload->begin);
  } else {
    if (base64->type != JsonNode::Type::kString ||
        !absl::Base64Unescape(base64->text, &m->payload)) {
      *why = "\"payload_base64\" is not base64 text";
      return false;
    }
  }
  m->context = MessageContext();
  bool present = false;
  if (!string_member("clientid", &m->context.clientid, nullptr)) return false;
  if (!string_member("principal", &m->context.principal, nullptr)) return false;
  std::string text;
  if (!string_member("traceid", &text, &present)) return false;
  if (present) m->context.traceid = text;
  if (!string_member("sourceip", &text, &present)) return false;
  if (present) m->context.sourceip = text;
  if (const JsonNode* ts = root.Find("timestamp")) {
    int64_t value = 0;
    const char* end = ts->text.data() + ts->text.size();
    if (ts->type != JsonNode::Type::kNumber ||
        std::from_chars(ts->text.data(), end, value).ptr != end) {
      *why = "\"timestamp\" must be an integer (milliseconds since the epoch)";
      return false;
    }
    m->context.timestamp_ms = value;
  }
  return true;
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void Update(uint64_t messages, uint64_t outputs) {
    if (!enabled_ || (messages & 1023) != 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fprintf(stderr, "\r%llu messages, %llu outputs...",
                 static_cast<unsigned long long>(messages),
                 static_cast<unsigned long long>(outputs));
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

int RunCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {"--input", "--out", "--max-attempts"}, {});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  std::string usage_error = args.error;
  if (usage_error.empty() && args.positional.empty()) usage_error = "no rule files given";
  if (usage_error.empty() && args.options.count("--input") == 0)
    usage_error = "--input is required";
  int max_attempts = 3;
  if (usage_error.empty() && args.options.count("--max-attempts")) {
    const std::string& v = args.options["--max-attempts"];
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), max_attempts);
    if (ec != std::errc() || end != v.data() + v.size() || max_attempts < 1) {
      usage_error = "--max-attempts needs a positive number";
    }
  }
  if (!usage_error.empty()) {
    std::cerr << "iotsql run: " << usage_error << "\n\n" << kHelp;
    return kExitUsage;
  }

  // Every rule first: a bad file stops the run before any message is read.
  std::vector<RuleDocument> rules;
  bool bad_rules = false;
  for (const std::string& path : args.positional) {
    absl::StatusOr<std::vector<RuleDocument>> docs = LoadRules(path);
    if (!docs.ok()) {
      std::cerr << docs.status().message() << "\n";
      bad_rules = true;
      continue;
    }
    for (RuleDocument& d : *docs) rules.push_back(std::move(d));
  }
  std::string out_dir = args.options.count("--out") ? args.options["--out"] : "";
  absl::StatusOr<std::unique_ptr<NdjsonSink>> sink = NdjsonSink::Open(out_dir);
  if (!sink.ok()) {
    std::cerr << "iotsql run: " << sink.status().message() << "\n";
    return kExitDataError;
  }
  EngineOptions options;
  options.sink = sink->get();
  options.dispatch_threads = 1;  // one writer: actions come out in message order
  options.max_attempts = max_attempts;
  auto engine = std::make_unique<RuleEngine>(options);
  if (!bad_rules) {
    absl::Status added = engine->AddRules(rules);
    if (!added.ok()) {
      std::cerr << added.message() << "\n";
      bad_rules = true;
    }
  }
  if (bad_rules) {
    std::cerr << "iotsql run: not started: fix the rules above\n";
    return kExitDataError;
  }

  const std::string& input_path = args.options["--input"];
  std::ifstream file;
  std::istream* input = &std::cin;
  if (input_path != "-") {
    file.open(input_path, std::ios::binary);
    if (!file) {
      std::cerr << "iotsql run: cannot open " << input_path << "\n";
      return kExitDataError;
    }
    input = &file;
  }
  std::ostream& report = out_dir.empty() ? std::cerr : std::cout;

  Progress progress(isatty(STDERR_FILENO) != 0);
  std::string line, why;
  Message message;
  uint64_t line_number = 0, messages = 0, skipped = 0, outputs = 0;
  while (std::getline(*input, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    absl::StatusOr<int> n = absl::InvalidArgumentError("");
    if (ParseLine(line, &message, &why)) {
      n = engine->Publish(message.topic, message.payload, message.context);
      if (!n.ok()) why = std::string(n.status().message());
    }
    if (!n.ok()) {
      progress.Clear();
      std::cerr << input_path << ":" << line_number << ": " << why << "; skipped\n";
      ++skipped;
      continue;
    }
    ++messages;
    outputs += static_cast<uint64_t>(*n);
    progress.Update(messages, outputs);
  }
  engine->Flush();
  progress.Clear();

  uint64_t matched = 0, errors = 0, sent = 0, failed = 0, error_actions = 0;
  std::vector<std::string> names = engine->RuleNames();
  for (const std::string& name : names) {
    RuleMetrics m = *engine->GetRuleMetrics(name);
    matched += m.matched;
    errors += m.errors;
    for (size_t i = 0;; ++i) {
      std::optional<ActionMetrics> a = engine->GetActionMetrics(name, i);
      if (!a) break;
      sent += a->sent;
      failed += a->failed;
    }
    if (std::optional<ActionMetrics> e = engine->GetActionMetrics(name, kErrorActionIndex)) {
      error_actions += e->sent;
    }
  }
  engine.reset();  // closes the dispatch threads before the sink goes

  report << "iotsql run: " << names.size() << " rules, " << messages << " messages";
  if (skipped > 0) report << " (" << skipped << " lines skipped)";
  report << "\n  matches   " << matched << " (rule evaluations on a matching topic)\n"
         << "  outputs   " << outputs << "\n"
         << "  actions   " << sent << " delivered, " << failed << " failed, " << error_actions
         << " error actions\n"
         << "  errors    " << errors + failed + skipped << " (" << errors << " evaluation, "
         << failed << " failed actions, " << skipped << " skipped lines)\n";
  if (!out_dir.empty()) {
    for (const auto& [path, count] : (*sink)->counts()) {
      report << "  wrote     " << path << " (" << count << (count == 1 ? " line)\n" : " lines)\n");
    }
  }
  report.flush();
  return skipped > 0 ? kExitDataError : kExitOk;
}

}  // namespace iotsql::cli
