// `iotsql run RULES... --input MESSAGES.ndjson [--sinks local|aws|log] [--out DIR]`: the rule
// engine on a file (or pipe) of messages, actions delivered by the chosen backend, and a summary
// whose counters reconcile.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/message_input.h"
#include "cli/run_sinks.h"
#include "cli/run_summary.h"
#include "iotsql/engine.h"
#include "iotsql/protobuf.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql run RULES... --input MESSAGES.ndjson [--sinks local|aws|log] [--out DIR]\n"
    "                  [--endpoint-url URL] [--region R]\n"
    "                  [--lambda-command CMD] [--lambda-url URL]\n"
    "                  [--max-attempts N] [--retry-base-ms MS] [--retry-max-ms MS] [--threads N]\n"
    "                  [--metrics FILE] [--proto-descriptors DIR] [--max-topic-levels N]\n"
    "\n"
    "Loads the rules (TopicRulePayload JSON files, or folders of them; a rule is named after\n"
    "its file unless the document names it) and publishes every message of the input to the\n"
    "rules it triggers, as AWS IoT Core would, then delivers each action, its ${...} templates\n"
    "rendered. A summary follows; progress shows on stderr when it is a terminal.\n"
    "\n"
    "Sinks:\n"
    "  local (default)  no account needed; under DIR: s3/<bucket>/<key> files, dynamodb.sqlite\n"
    "                   (one table per tableName), sns/<topic>.ndjson, lambda/<function>.ndjson\n"
    "                   (or run --lambda-command / POST to --lambda-url), republish.ndjson\n"
    "  aws              real requests (S3 PutObject, Lambda Invoke, SNS Publish, DynamoDB),\n"
    "                   signed with the credentials of the environment or ~/.aws;\n"
    "                   --endpoint-url for LocalStack, MinIO or moto (else\n"
    "                   AWS_ENDPOINT_URL[_<SERVICE>])\n"
    "  log              each request as one NDJSON line in DIR/actions/<kind>.ndjson (stdout\n"
    "                   without --out), nothing delivered\n"
    "A failed delivery is retried (throttling, 5xx, timeouts, refused connections only) with\n"
    "exponential backoff and jitter; then the rule's errorAction runs; when that fails too, or\n"
    "there is none, the request goes to DIR/dead-letter.ndjson. For every action:\n"
    "outputs = delivered + error-actioned + dead-lettered.\n"
    "\n"
    "Input, one JSON object a line:\n"
    "  {\"topic\": \"fleet/a/dev-1/telemetry\", \"payload\": {\"temp\": 60}}\n"
    "  {\"topic\": \"fleet/a/dev-1/frame\", \"payload_base64\": \"AAEC\"}\n"
    "optionally with \"clientid\", \"principal\", \"timestamp\" (epoch ms), \"traceid\", "
    "\"sourceip\".\n"
    "A line that does not fit is reported with its number and skipped. A rule file with an\n"
    "error is reported (file:line:column) and nothing runs.\n"
    "\n"
    "  --input FILE         the messages ('-': stdin, read as they come)\n"
    "  --sinks KIND         local, aws or log (default local)\n"
    "  --out DIR            local actions and dead letters (default iotsql-out; files are added\n"
    "                       to, objects and items replaced; log: DIR/actions rewritten)\n"
    "  --endpoint-url URL   aws: one endpoint for every service\n"
    "  --region R           aws: the region (else AWS_REGION, AWS_DEFAULT_REGION, the profile)\n"
    "  --lambda-command C   local: run `sh -c C` per invocation, the event on stdin\n"
    "  --lambda-url URL     local: POST each event there (Lambda runtime interface emulator)\n"
    "  --max-attempts N     deliveries per action before its error action (default 3)\n"
    "  --retry-base-ms MS   the first retry waits MS/2..MS, doubling per retry (default 100)\n"
    "  --retry-max-ms MS    the longest wait (default 5000)\n"
    "  --threads N          dispatch threads = requests in flight (default 1; aws: 16)\n"
    "  --metrics FILE       the engine's counters, Prometheus text format, after the run\n"
    "  --proto-descriptors DIR\n"
    "                       decode(v, 'proto', bucket, key, ...) reads the descriptor set at\n"
    "                       DIR/bucket/key (protoc --descriptor_set_out) instead of S3\n"
    "  --max-topic-levels N topics and FROM filters may have N levels (default 8, as AWS)\n"
    "\n"
    "Exit codes: 0 ok, 1 a rule error, skipped lines or dead letters, 2 usage error.\n";

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

// A positive integer option, or a usage error.
bool IntOption(ParsedArgs& args, const char* name, int min, int* value, std::string* error) {
  if (!error->empty() || args.options.count(name) == 0) return true;
  const std::string& v = args.options[name];
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *value);
  if (ec != std::errc() || end != v.data() + v.size() || *value < min) {
    *error = absl::StrCat(name, " needs a number of at least ", min);
    return false;
  }
  return true;
}

}  // namespace

int RunCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw,
                              {"--input", "--out", "--max-attempts", "--sinks", "--endpoint-url",
                               "--region", "--lambda-command", "--lambda-url", "--threads",
                               "--retry-base-ms", "--retry-max-ms", "--metrics", "--proto-descriptors",
                               "--max-topic-levels"},
                              {});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  std::string usage_error = args.error;
  if (usage_error.empty() && args.positional.empty()) usage_error = "no rule files given";
  if (usage_error.empty() && args.options.count("--input") == 0)
    usage_error = "--input is required";
  RunSinkOptions sink_options;
  if (args.options.count("--sinks")) sink_options.kind = args.options["--sinks"];
  if (usage_error.empty() && sink_options.kind != "local" && sink_options.kind != "aws" &&
      sink_options.kind != "log") {
    usage_error = "--sinks must be local, aws or log";
  }
  const bool aws = sink_options.kind == "aws";
  if (usage_error.empty() && !aws &&
      (args.options.count("--endpoint-url") || args.options.count("--region"))) {
    usage_error = "--endpoint-url and --region go with --sinks aws";
  }
  if (usage_error.empty() && sink_options.kind != "local" &&
      (args.options.count("--lambda-command") || args.options.count("--lambda-url"))) {
    usage_error = "--lambda-command and --lambda-url go with --sinks local";
  }
  EngineOptions options;
  // The local backend and the log write files: one thread keeps them in message order. The AWS
  // backend waits on the network: requests in flight = dispatch threads.
  options.dispatch_threads = aws ? 16 : 1;
  IntOption(args, "--max-attempts", 1, &options.max_attempts, &usage_error);
  IntOption(args, "--threads", 1, &options.dispatch_threads, &usage_error);
  IntOption(args, "--retry-base-ms", 0, &options.retry_base_ms, &usage_error);
  IntOption(args, "--retry-max-ms", 0, &options.retry_max_ms, &usage_error);
  IntOption(args, "--max-topic-levels", 1, &options.limits.max_topic_levels, &usage_error);
  if (!usage_error.empty()) {
    std::cerr << "iotsql run: " << usage_error << "\n\n" << kHelp;
    return kExitUsage;
  }
  sink_options.endpoint_url = args.options["--endpoint-url"];
  sink_options.region = args.options["--region"];
  sink_options.lambda_command = args.options["--lambda-command"];
  sink_options.lambda_url = args.options["--lambda-url"];
  sink_options.max_in_flight = std::max(options.dispatch_threads, 1);
  // Without --out the log goes to stdout; the backends need a directory (dead letters at least).
  sink_options.out_dir = args.options.count("--out")          ? args.options["--out"]
                         : sink_options.kind == "log" ? ""
                                                      : "iotsql-out";

  // Every rule first: a bad file stops the run before any message is read.
  std::vector<RuleDocument> rules;
  bool bad_rules = !LoadRulePaths(args.positional, &rules);
  if (!bad_rules) {
    // Compiled here, once, so that a bad rule leaves no output directory behind.
    EngineOptions check_options;
    check_options.limits = options.limits;
    RuleEngine check(check_options);
    absl::Status added = check.AddRules(rules);
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

  absl::StatusOr<std::unique_ptr<RunSinks>> sinks = RunSinks::Open(sink_options);
  if (!sinks.ok()) {
    std::cerr << "iotsql run: " << sinks.status().message() << "\n";
    return kExitDataError;
  }
  options.sink = (*sinks)->sink();
  std::unique_ptr<ExternalProvider> protobuf;
  if (args.options.count("--proto-descriptors")) {
    protobuf = NewLocalProtobufProvider(args.options["--proto-descriptors"]);
    options.provider = protobuf.get();
  }
  options.dead_letters = (*sinks)->dead_letters();
  auto engine = std::make_unique<RuleEngine>(options);
  absl::Status added = engine->AddRules(rules);
  if (!added.ok()) {  // compiled fine above: only a resource failure gets here
    std::cerr << "iotsql run: " << added.message() << "\n";
    return kExitDataError;
  }
  const bool log_on_stdout = sink_options.kind == "log" && sink_options.out_dir.empty();
  std::ostream& report = log_on_stdout ? std::cerr : std::cout;

  const auto started = std::chrono::steady_clock::now();
  Progress progress(isatty(STDERR_FILENO) != 0);
  std::string line, why;
  InputMessage message;
  uint64_t line_number = 0, messages = 0, skipped = 0, outputs = 0;
  while (std::getline(*input, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    absl::StatusOr<int> n = absl::InvalidArgumentError("");
    if (ParseInputLine(line, &message, &why)) {
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
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  RunTotals t = CollectTotals(*engine);
  bool metrics_failed = false;
  if (args.options.count("--metrics")) {
    std::ofstream metrics(args.options["--metrics"], std::ios::binary | std::ios::trunc);
    metrics << engine->PrometheusMetrics();
    metrics_failed = !metrics.good();
  }
  engine.reset();  // its dispatch threads use the sinks: they stop first

  report << "iotsql run: " << t.rules << " rules, " << messages << " messages";
  if (skipped > 0) report << " (" << skipped << " lines skipped)";
  report << absl::StrFormat(" in %.2f s", seconds);
  report << "\n  matches   " << t.matched << " (rule evaluations on a matching topic)\n"
         << "  outputs   " << t.outputs << " (" << t.evaluation_errors << " evaluation errors)\n"
         << "  actions   " << t.requests << " requests = " << t.delivered << " delivered + "
         << t.error_actioned << " error-actioned + " << t.dead_lettered << " dead-lettered ("
         << t.retried << " retries)\n";
  if (t.error_actions_sent + t.error_actions_failed > 0) {
    report << "  errorActions " << t.error_actions_sent << " delivered, " << t.error_actions_failed
           << " failed\n";
  }
  (*sinks)->Report(report);
  if (t.requests > 0) PrintActionTable(t, report);
  report.flush();
  bool failed = skipped > 0;
  if (!t.reconciled) {
    std::cerr << "iotsql run: internal error: the action counters do not add up\n";
    failed = true;
  }
  if (t.dead_lettered > 0) {
    std::cerr << "iotsql run: " << t.dead_lettered << " action requests failed for good"
              << ((*sinks)->dead_letters() != nullptr
                      ? ": see " + (*sinks)->dead_letter_path()
                      : std::string(" (no --out: not kept)"))
              << "\n";
    failed = true;
  }
  if (t.dead_letter_write_errors > 0) {
    std::cerr << "iotsql run: " << t.dead_letter_write_errors
              << " dead letters could not be written\n";
    failed = true;
  }
  if (metrics_failed) {
    std::cerr << "iotsql run: cannot write " << args.options["--metrics"] << "\n";
    failed = true;
  }
  return failed ? kExitDataError : kExitOk;
}

}  // namespace iotsql::cli
