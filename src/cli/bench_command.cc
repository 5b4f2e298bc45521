// `iotsql bench RULES... --input MESSAGES.ndjson [--threads N] [--seconds S] [--json]`: the
// end-to-end throughput of a user's own rule set on their own messages, replayed in a loop.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/heap_count.h"
#include "cli/message_input.h"
#include "iotsql/engine.h"

namespace iotsql::cli {

namespace {

constexpr const char* kHelp =
    "usage: iotsql bench RULES... --input MESSAGES.ndjson [--threads N] [--seconds S] [--json]\n"
    "\n"
    "Measures how many messages a second the rules take: loads the rules as 'iotsql run' does,\n"
    "reads the whole input (the same format as 'iotsql run') into memory, and publishes it in a\n"
    "loop for S seconds on N threads, each with its own pass over the messages, all through one\n"
    "engine. Actions are counted and dropped (no sink), so the figure is the rules engine's own:\n"
    "topic matching, evaluation and output. Each thread first makes one warm-up pass over up to\n"
    "10,000 messages, which is not measured.\n"
    "\n"
    "Reports messages/s (in total, per thread, and per CPU-second, which is steadier on a busy\n"
    "machine), MB/s of payload, matches (rule outputs), p50/p99 latency of one Publish (every\n"
    "16th message timed) and heap allocations per message on the publishing threads.\n"
    "\n"
    "  --input FILE   the messages ('-': stdin), one JSON object a line:\n"
    "                 {\"topic\": \"sensors/dev-1/telemetry\", \"payload\": {\"temp\": 60}}\n"
    "  --threads N    publishing threads (default 1)\n"
    "  --seconds S    how long to measure (default 5; fractions allowed)\n"
    "  --json         one JSON object on stdout instead of the text report\n"
    "\n"
    "Exit codes: 0 ok, 1 a rule error, an unusable input or Publish errors, 2 usage error.\n";

// At most this many latency samples per thread: a reservoir, so that the sample stays uniform
// over the whole run without allocating while it runs.
constexpr size_t kReservoir = 1 << 16;
// Every kSampleEvery-th message is timed: two clock reads cost ~40 ns, a sizeable share of a
// sub-microsecond message, so timing all of them would slow down what is being measured.
constexpr uint64_t kSampleEvery = 16;
constexpr size_t kWarmupMessages = 10000;

// The messages, packed into one buffer: a million separately allocated messages would take
// several times the memory and scatter the payloads over the heap, unlike a receive buffer.
struct Corpus {
  struct Entry {
    size_t topic, topic_size, payload, payload_size;
    uint32_t context;  // index into contexts
  };
  std::string bytes;
  std::vector<Entry> entries;
  std::vector<MessageContext> contexts;  // [0] is the empty context most lines share
  uint64_t payload_bytes = 0;

  std::string_view topic(const Entry& e) const { return {bytes.data() + e.topic, e.topic_size}; }
  std::string_view payload(const Entry& e) const {
    return {bytes.data() + e.payload, e.payload_size};
  }
};

bool HasContext(const MessageContext& c) {
  return !c.clientid.empty() || !c.principal.empty() || c.traceid || c.sourceip ||
         c.timestamp_ms;
}

// Reads every line; reports each unusable one (as `iotsql run` does) and returns false if any.
bool ReadCorpus(std::istream& input, const std::string& name, Corpus* corpus) {
  corpus->contexts.emplace_back();
  std::string line, why;
  InputMessage m;
  uint64_t line_number = 0;
  bool all_good = true;
  while (std::getline(input, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!ParseInputLine(line, &m, &why)) {
      std::cerr << name << ":" << line_number << ": " << why << "\n";
      all_good = false;
      continue;
    }
    Corpus::Entry e;
    e.topic = corpus->bytes.size();
    e.topic_size = m.topic.size();
    corpus->bytes += m.topic;
    e.payload = corpus->bytes.size();
    e.payload_size = m.payload.size();
    corpus->bytes += m.payload;
    e.context = 0;
    if (HasContext(m.context)) {
      e.context = static_cast<uint32_t>(corpus->contexts.size());
      corpus->contexts.push_back(m.context);
    }
    corpus->payload_bytes += m.payload.size();
    corpus->entries.push_back(e);
  }
  return all_good;
}

// One publishing thread's results. Each on its own cache lines, so that one thread's writes do
// not invalidate the line another thread is writing (false sharing would cost the very scaling
// that --threads measures).
struct alignas(64) Worker {
  std::atomic<uint64_t> progress{0};  // messages so far, for the progress line
  uint64_t messages = 0;
  uint64_t bytes = 0;
  uint64_t outputs = 0;
  uint64_t errors = 0;
  uint64_t allocations = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  std::vector<uint32_t> latency_ns;  // the reservoir
  std::string first_error;
};

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Shared {
  RuleEngine* engine;
  const Corpus* corpus;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<bool> stop{false};
};

void RunWorker(Shared* shared, size_t first, uint64_t seed, Worker* w) {
  using Clock = std::chrono::steady_clock;
  const Corpus& corpus = *shared->corpus;
  RuleEngine& engine = *shared->engine;
  const size_t n = corpus.entries.size();
  w->latency_ns.reserve(kReservoir);
  auto publish = [&](const Corpus::Entry& e) {
    absl::StatusOr<int> r =
        engine.Publish(corpus.topic(e), corpus.payload(e), corpus.contexts[e.context]);
    if (r.ok()) return *r;
    if (w->errors++ == 0) w->first_error = std::string(r.status().message());
    return 0;
  };
  // Warm-up: the engine's per-thread scratch buffers grow to their working size and the caches
  // fill, so that allocations and time below are the steady state.
  size_t i = first;
  for (size_t k = 0; k < std::min(n, kWarmupMessages); ++k) {
    publish(corpus.entries[i]);
    if (++i == n) i = 0;
  }
  w->errors = 0;
  w->first_error.clear();
  shared->ready.fetch_add(1);
  while (!shared->go.load(std::memory_order_acquire)) std::this_thread::yield();

  uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 1;  // xorshift state: never zero
  uint64_t messages = 0, outputs = 0, bytes = 0, seen = 0;
  const uint64_t allocations = ThreadHeapAllocations();
  const double cpu_start = ThreadCpuSeconds();
  const Clock::time_point start = Clock::now();
  while (!shared->stop.load(std::memory_order_relaxed)) {
    const Corpus::Entry& e = corpus.entries[i];
    if (messages % kSampleEvery == 0) {
      Clock::time_point t0 = Clock::now();
      outputs += static_cast<uint64_t>(publish(e));
      uint64_t ns = static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
      uint32_t sample = static_cast<uint32_t>(std::min<uint64_t>(ns, UINT32_MAX));
      ++seen;
      if (w->latency_ns.size() < kReservoir) {
        w->latency_ns.push_back(sample);
      } else {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        uint64_t slot = rng % seen;
        if (slot < kReservoir) w->latency_ns[slot] = sample;
      }
    } else {
      outputs += static_cast<uint64_t>(publish(e));
    }
    bytes += e.payload_size;
    ++messages;
    if (++i == n) i = 0;
    if ((messages & 1023) == 0) w->progress.store(messages, std::memory_order_relaxed);
  }
  w->wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  w->cpu_seconds = ThreadCpuSeconds() - cpu_start;
  w->allocations = ThreadHeapAllocations() - allocations;
  w->messages = messages;
  w->outputs = outputs;
  w->bytes = bytes;
}

// Sums every rule's topic matches (evaluations), to report those of the measured window.
uint64_t Evaluations(const RuleEngine& engine) {
  uint64_t total = 0;
  for (const std::string& name : engine.RuleNames()) {
    if (std::optional<RuleMetrics> m = engine.GetRuleMetrics(name)) total += m->matched;
  }
  return total;
}

uint32_t Percentile(std::vector<uint32_t>* v, double q) {
  if (v->empty()) return 0;
  size_t k = static_cast<size_t>(q * static_cast<double>(v->size() - 1) + 0.5);
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(k), v->end());
  return (*v)[k];
}

// 1234567 -> "1,234,567": throughput figures are read at a glance.
std::string Grouped(double x) {
  std::string digits = absl::StrFormat("%.0f", x);
  std::string out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k != 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

bool ParsePositive(const std::string& text, double* out) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0) || v > 1e6) return false;
  *out = v;
  return true;
}

}  // namespace

int BenchCommand(const std::vector<std::string>& raw) {
  ParsedArgs args = ParseArgs(raw, {"--input", "--threads", "--seconds"}, {"--json"});
  if (args.help) {
    std::cout << kHelp;
    return kExitOk;
  }
  std::string usage_error = args.error;
  if (usage_error.empty() && args.positional.empty()) usage_error = "no rule files given";
  if (usage_error.empty() && args.options.count("--input") == 0)
    usage_error = "--input is required";
  int threads = 1;
  if (usage_error.empty() && args.options.count("--threads")) {
    const std::string& v = args.options["--threads"];
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), threads);
    if (ec != std::errc() || end != v.data() + v.size() || threads < 1 || threads > 1024) {
      usage_error = "--threads needs a number from 1 to 1024";
    }
  }
  double seconds = 5;
  if (usage_error.empty() && args.options.count("--seconds") &&
      !ParsePositive(args.options["--seconds"], &seconds)) {
    usage_error = "--seconds needs a positive number";
  }
  if (!usage_error.empty()) {
    std::cerr << "iotsql bench: " << usage_error << "\n\n" << kHelp;
    return kExitUsage;
  }
  const bool json = args.options.count("--json") != 0;

  std::vector<RuleDocument> rules;
  if (!LoadRulePaths(args.positional, &rules)) {
    std::cerr << "iotsql bench: not started: fix the rules above\n";
    return kExitDataError;
  }
  EngineOptions options;
  options.sink = nullptr;  // actions counted and dropped: the engine's own cost is measured
  options.dispatch_threads = 1;
  RuleEngine engine(options);
  absl::Status added = engine.AddRules(rules);
  if (!added.ok()) {
    std::cerr << added.message() << "\niotsql bench: not started: fix the rules above\n";
    return kExitDataError;
  }

  const std::string& input_path = args.options["--input"];
  Corpus corpus;
  bool input_ok;
  if (input_path == "-") {
    input_ok = ReadCorpus(std::cin, "<stdin>", &corpus);
  } else {
    std::ifstream file(input_path, std::ios::binary);
    if (!file) {
      std::cerr << "iotsql bench: cannot open " << input_path << "\n";
      return kExitDataError;
    }
    input_ok = ReadCorpus(file, input_path, &corpus);
  }
  // Unlike `iotsql run`, a bad line stops the benchmark: the figure would be for other messages
  // than the user's.
  if (!input_ok || corpus.entries.empty()) {
    std::cerr << "iotsql bench: not started: "
              << (input_ok ? "the input has no messages" : "fix the lines above") << "\n";
    return kExitDataError;
  }

  Shared shared;
  shared.engine = &engine;
  shared.corpus = &corpus;
  std::vector<Worker> workers(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  const size_t n = corpus.entries.size();
  for (int t = 0; t < threads; ++t) {
    // Each thread starts at its own place in the messages, so that threads do not run in
    // lockstep over the same payloads (a best case for shared caches).
    size_t first = n * static_cast<size_t>(t) / static_cast<size_t>(threads);
    pool.emplace_back(RunWorker, &shared, first, static_cast<uint64_t>(t + 1),
                      &workers[static_cast<size_t>(t)]);
  }
  while (shared.ready.load() < threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const uint64_t evaluations_before = Evaluations(engine);
  const bool show_progress = isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(seconds));
  shared.go.store(true, std::memory_order_release);
  bool shown = false;
  for (auto now = start; now < deadline; now = std::chrono::steady_clock::now()) {
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(200)));
    if (!show_progress) continue;
    uint64_t so_far = 0;
    for (const Worker& w : workers) so_far += w.progress.load(std::memory_order_relaxed);
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "\r\033[K%.1f/%.1f s  %s messages  %s messages/s", elapsed, seconds,
                 Grouped(static_cast<double>(so_far)).c_str(),
                 Grouped(static_cast<double>(so_far) / elapsed).c_str());
    shown = true;
  }
  shared.stop.store(true, std::memory_order_relaxed);
  for (std::thread& t : pool) t.join();
  if (shown) std::fputs("\r\033[K", stderr);
  const uint64_t evaluations = Evaluations(engine) - evaluations_before;

  uint64_t messages = 0, outputs = 0, errors = 0, allocations = 0;
  double rate = 0, cpu_rate = 0, mb_rate = 0;
  std::vector<uint32_t> latency;
  std::string first_error;
  for (Worker& w : workers) {
    messages += w.messages;
    outputs += w.outputs;
    errors += w.errors;
    allocations += w.allocations;
    // Summed per thread over each thread's own window: the threads do not start and stop at
    // exactly the same instant.
    if (w.wall_seconds > 0) rate += static_cast<double>(w.messages) / w.wall_seconds;
    if (w.wall_seconds > 0) mb_rate += static_cast<double>(w.bytes) / w.wall_seconds / 1e6;
    if (w.cpu_seconds > 0) cpu_rate += static_cast<double>(w.messages) / w.cpu_seconds;
    latency.insert(latency.end(), w.latency_ns.begin(), w.latency_ns.end());
    if (first_error.empty()) first_error = w.first_error;
  }
  cpu_rate /= threads;
  const double per_message = messages ? 1.0 / static_cast<double>(messages) : 0;
  const uint32_t p50 = Percentile(&latency, 0.50);
  const uint32_t p99 = Percentile(&latency, 0.99);
  const double allocs_per_message = static_cast<double>(allocations) * per_message;

  if (json) {
    std::cout << absl::StrFormat(
        "{\"rules\":%d,\"input_messages\":%d,\"input_payload_bytes\":%d,\"threads\":%d,"
        "\"seconds\":%.3f,\"messages\":%d,\"messages_per_second\":%.0f,"
        "\"messages_per_second_per_thread\":%.0f,\"messages_per_cpu_second\":%.0f,"
        "\"mb_per_second\":%.2f,\"matches\":%d,\"matches_per_message\":%.4f,"
        "\"evaluations\":%d,\"errors\":%d,\"latency_ns\":{\"p50\":%d,\"p99\":%d,\"samples\":%d},"
        "\"allocations\":%d,\"allocations_per_message\":%.4f}\n",
        rules.size(), n, corpus.payload_bytes, threads, seconds, messages, rate, rate / threads,
        cpu_rate, mb_rate, outputs, static_cast<double>(outputs) * per_message, evaluations,
        errors, p50, p99, latency.size(), allocations, allocs_per_message);
  } else {
    std::cout << absl::StrFormat(
        "iotsql bench: %d rules, %d messages (%.1f MB of payload), %d thread%s, %.1f s\n"
        "  throughput   %s messages/s (%s per thread; %s per CPU-second)\n"
        "               %.1f MB/s of payload\n"
        "  matches      %s rule outputs (%.3f per message), %s rule evaluations\n"
        "  latency      p50 %.2f us, p99 %.2f us per message (%s samples)\n"
        "  allocations  %.3f per message (on the publishing threads, after warm-up)\n",
        rules.size(), n, static_cast<double>(corpus.payload_bytes) / 1e6, threads,
        threads == 1 ? "" : "s", seconds, Grouped(rate), Grouped(rate / threads),
        Grouped(cpu_rate), mb_rate, Grouped(static_cast<double>(outputs)),
        static_cast<double>(outputs) * per_message, Grouped(static_cast<double>(evaluations)),
        p50 / 1e3, p99 / 1e3, Grouped(static_cast<double>(latency.size())), allocs_per_message);
    if (errors > 0) {
      std::cout << "  errors       " << errors << " (first: " << first_error << ")\n";
    }
  }
  if (errors > 0) {
    std::cerr << "iotsql bench: " << errors << " Publish errors, first: " << first_error << "\n";
    return kExitDataError;
  }
  return kExitOk;
}

}  // namespace iotsql::cli
