// RuleEngine (include/iotsql/engine.h): publishers read an immutable snapshot of the rule set
// (rules sorted by name plus a topic index over the enabled ones); writers rebuild it under a
// mutex and swap it in atomically, so a change never blocks a publisher.
#include "iotsql/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/topic.h"
#include "engine/compiled_rule.h"
#include "engine/dispatcher.h"
#include "engine/error_document.h"
#include "engine/eval_slots.h"
#include "engine/metrics.h"
#include "engine/retry_delay.h"
#include "engine/topic_index.h"
#include "iotsql/sinks.h"

namespace iotsql {

namespace {

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The part of a Program that starting a run reads (its fields before the AST).
constexpr size_t kProgramHotBytes = 320;

struct SnapshotEntry {
  std::shared_ptr<const CompiledRule> rule;
  bool enabled = true;
  // Set in snapshots: what evaluation reaches first, without going through `rule`.
  const Program* program = nullptr;
  RuleStats* stats = nullptr;
};

struct Snapshot {
  std::vector<SnapshotEntry> rules;                    // sorted by name
  absl::flat_hash_map<std::string, uint32_t> by_name;  // -> position in `rules`
  TopicIndex index;                                    // enabled rules with a FROM
};

// An action request that failed for good, kept until its group settles: it goes to the
// dead-letter file unless an error action is delivered for it.
struct FailedRequest {
  ActionRequest request;
  absl::Status status;
};

// The actions one output of a rule led to, when a failure needs more than a counter (the rule
// has an error action, or there is a dead-letter file): the last to finish runs the error
// action once, for all failures (spec §19), or dead-letters them.
struct FailureGroup {
  explicit FailureGroup(int actions) : pending(actions) {}
  std::atomic<int> pending;
  std::mutex mu;
  std::vector<FailedRequest> failed;
  std::string payload;     // the message as received
  std::string topic;       // as topic() sees it
  MessageContext context;  // as the rule saw it (timestamp fixed, rule_name set)
};

// With thousands of rules, a message's rules are mostly cold in the cache, and each is a chain
// of pointers (entry -> program -> its tables). While rule k runs, fetch the next rules' links
// one level each (entry of k+3, program and counters of k+2, tables of k+1), so the misses hide
// behind evaluation instead of adding up. (always_inline: GCC takes a function that only
// prefetches for a pure one and deletes the calls.)
[[gnu::always_inline]] inline void PrefetchEntry(const Snapshot& snapshot, uint32_t position) {
  __builtin_prefetch(&snapshot.rules[position]);
}
[[gnu::always_inline]] inline void PrefetchProgram(const Snapshot& snapshot, uint32_t position) {
  const SnapshotEntry& e = snapshot.rules[position];
  const char* program = reinterpret_cast<const char*>(e.program);
  for (size_t offset = 0; offset < kProgramHotBytes; offset += 64) {
    __builtin_prefetch(program + offset);
  }
  __builtin_prefetch(e.stats, 1);
  __builtin_prefetch(e.rule.get());
}
[[gnu::always_inline]] inline void PrefetchTables(const Snapshot& snapshot, uint32_t position) {
  const Program& p = *snapshot.rules[position].program;
  __builtin_prefetch(p.code.data());
  __builtin_prefetch(p.constants.data());
  __builtin_prefetch(p.root_fields.data());
  __builtin_prefetch(p.names.data());
}
[[gnu::always_inline]] inline void PrefetchAhead(const Snapshot& snapshot,
                                                 const std::vector<uint32_t>& matches, size_t k) {
  size_t n = matches.size();
  if (k + 3 < n) PrefetchEntry(snapshot, matches[k + 3]);
  if (k + 2 < n) PrefetchProgram(snapshot, matches[k + 2]);
  if (k + 1 < n) PrefetchTables(snapshot, matches[k + 1]);
}

std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct RuleEngine::Impl {
  class ActionJob;

  explicit Impl(EngineOptions o) : options(o), slots(o.provider, o.limits) {
    options.dispatch_threads = std::max(options.dispatch_threads, 1);
    options.max_attempts = std::max(options.max_attempts, 1);
    for (int i = 0; i < options.dispatch_threads; ++i) {
      worker_vms.push_back(std::make_unique<Vm>());
      worker_vms.back()->set_provider(options.provider);
      worker_vms.back()->set_limits(options.limits);
    }
    snapshot = std::make_shared<const Snapshot>();
    dispatcher = std::make_unique<Dispatcher>(options.dispatch_threads, options.queue_capacity);
  }

  std::shared_ptr<const Snapshot> Current() const { return std::atomic_load(&snapshot); }
  void Rebuild();  // write_mu held
  const SnapshotEntry* Find(const Snapshot& s, std::string_view name) const {
    auto it = s.by_name.find(AbslView(name));
    return it == s.by_name.end() ? nullptr : &s.rules[it->second];
  }

  void Dispatch(EvalSlot& slot, const std::shared_ptr<const CompiledRule>& rule,
                std::string_view payload, std::string_view rule_topic);
  absl::Status DeliverWithRetries(const ActionRequest& request, ActionStats& stats);
  // Settles a group's failures: an error action when the rule has one, dead letters for what
  // it could not cover.
  void Settle(int worker, const CompiledRule& rule, const FailureGroup& group,
              std::vector<FailedRequest>& failed);
  absl::Status RunErrorAction(int worker, const CompiledRule& rule, const FailureGroup& group,
                              const std::vector<FailedRequest>& failed);
  void DeadLetter(const CompiledRule& rule, const ActionRequest& request,
                  const absl::Status& action_error, const absl::Status& error_action_error);

  EngineOptions options;
  EngineStats stats;
  EvalSlots slots;
  std::vector<std::unique_ptr<Vm>> worker_vms;  // error-action templates, one per worker

  std::mutex write_mu;
  std::map<std::string, SnapshotEntry, std::less<>> rules;  // the master copy (write_mu)
  std::shared_ptr<const Snapshot> snapshot;                 // std::atomic_load/atomic_store

  // Last, so that it is destroyed first: draining the queue needs everything above.
  std::unique_ptr<Dispatcher> dispatcher;
};

// One action request on its way to the sink.
class RuleEngine::Impl::ActionJob : public DispatchJob {
 public:
  ActionJob(Impl* impl, std::shared_ptr<const CompiledRule> rule,
            std::shared_ptr<FailureGroup> group)
      : impl_(impl), rule_(std::move(rule)), group_(std::move(group)) {}
  ActionRequest request;

  void Run(int worker) override;

 private:
  Impl* impl_;
  std::shared_ptr<const CompiledRule> rule_;
  std::shared_ptr<FailureGroup> group_;
};

void RuleEngine::Impl::ActionJob::Run(int worker) {
  absl::Status status =
      impl_->DeliverWithRetries(request, rule_->stats->actions[request.action_index]);
  if (group_ == nullptr) {
    // No error action and no dead-letter file: a failure can only be counted.
    if (!status.ok()) Bump(rule_->stats->actions[request.action_index].dead_lettered);
    return;
  }
  if (!status.ok()) {
    std::lock_guard<std::mutex> lock(group_->mu);
    group_->failed.push_back({std::move(request), std::move(status)});
  }
  if (group_->pending.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::vector<FailedRequest> failed;
  {
    std::lock_guard<std::mutex> lock(group_->mu);
    failed.swap(group_->failed);
  }
  if (failed.empty()) return;
  std::sort(failed.begin(), failed.end(), [](const FailedRequest& a, const FailedRequest& b) {
    return a.request.action_index < b.request.action_index;
  });
  impl_->Settle(worker, *rule_, *group_, failed);
}

void RuleEngine::Impl::Rebuild() {
  auto next = std::make_shared<Snapshot>();
  next->rules.reserve(rules.size());
  next->by_name.reserve(rules.size());
  for (const auto& [name, entry] : rules) {
    uint32_t position = static_cast<uint32_t>(next->rules.size());
    next->rules.push_back(entry);
    next->rules.back().program = &entry.rule->rule.program();
    next->rules.back().stats = entry.rule->stats.get();
    next->by_name.emplace(name, position);
    const Rule& rule = entry.rule->rule;
    if (entry.enabled && !rule.topic_filter().empty())
      next->index.Add(rule.topic_filter(), position);
  }
  std::atomic_store(&snapshot, std::shared_ptr<const Snapshot>(std::move(next)));
}

absl::Status RuleEngine::Impl::DeliverWithRetries(const ActionRequest& request,
                                                  ActionStats& stats) {
  absl::Status status;
  for (int attempt = 1;; ++attempt) {
    try {
      status = options.sink->Deliver(request);
    } catch (const std::exception& e) {
      status = absl::InternalError(absl::StrCat("the action sink threw: ", e.what()));
    } catch (...) {
      status = absl::InternalError("the action sink threw an exception");
    }
    if (status.ok()) {
      Bump(stats.sent);
      return status;
    }
    // A permanent error (a missing bucket, a bad parameter) fails the same way every time.
    if (attempt >= options.max_attempts || !IsRetryableDeliveryError(status)) break;
    Bump(stats.retried);
    std::chrono::milliseconds wait =
        RetryDelay(attempt, options.retry_base_ms, options.retry_max_ms);
    if (wait.count() > 0) std::this_thread::sleep_for(wait);
  }
  Bump(stats.failed);
  return status;
}

void RuleEngine::Impl::Settle(int worker, const CompiledRule& rule, const FailureGroup& group,
                              std::vector<FailedRequest>& failed) {
  absl::Status error_action_status = absl::OkStatus();
  if (rule.error_action) {
    error_action_status = RunErrorAction(worker, rule, group, failed);
    if (error_action_status.ok()) {
      for (const FailedRequest& f : failed) {
        Bump(rule.stats->actions[f.request.action_index].error_actions);
      }
      return;
    }
  }
  for (FailedRequest& f : failed) {
    f.request.original_payload = group.payload;
    DeadLetter(rule, f.request, f.status, error_action_status);
  }
}

void RuleEngine::Impl::DeadLetter(const CompiledRule& rule, const ActionRequest& request,
                                  const absl::Status& action_error,
                                  const absl::Status& error_action_error) {
  Bump(rule.stats->actions[request.action_index].dead_lettered);
  if (options.dead_letters == nullptr) return;
  if (!options.dead_letters->Write(request, action_error, error_action_error).ok()) {
    Bump(stats.dead_letter_errors);
  }
}

absl::Status RuleEngine::Impl::RunErrorAction(int worker, const CompiledRule& rule,
                                              const FailureGroup& group,
                                              const std::vector<FailedRequest>& failed) {
  std::vector<ActionFailure> failures;
  failures.reserve(failed.size());
  for (const FailedRequest& f : failed) {
    ActionFailure failure;
    failure.action_index = f.request.action_index;
    failure.kind = f.request.kind;
    failure.resource = FailedResource(f.request.kind, f.request.params_json);
    failure.message = std::string(f.status.message());
    failures.push_back(std::move(failure));
  }
  const CompiledAction& action = *rule.error_action;
  ActionRequest request;
  request.rule_name = rule.name;
  request.is_error_action = true;
  request.kind = action.kind();
  action.Render(*worker_vms[worker], group.payload, group.topic, group.context,
                &request.params_json);
  request.topic = group.context.topic;
  request.clientid = group.context.clientid;
  request.original_payload = group.payload;
  std::string trace_id = group.context.traceid ? *group.context.traceid : NewUuid();
  request.payload = ErrorDocument(
      {rule.name, group.context.topic, trace_id, group.context.clientid, group.payload}, failures);
  std::vector<std::string> messages;
  for (const ActionFailure& f : failures) messages.push_back(f.message);
  request.error_message = absl::StrJoin(messages, "; ");
  // An error action has no error action of its own: when it fails, the failures it was for
  // go to the dead-letter file.
  return DeliverWithRetries(request, rule.stats->error_action);
}

void RuleEngine::Impl::Dispatch(EvalSlot& slot, const std::shared_ptr<const CompiledRule>& rule,
                                std::string_view payload, std::string_view rule_topic) {
  const size_t n = rule->actions.size();
  if (n == 0) return;
  if (options.sink == nullptr) {
    for (size_t i = 0; i < n; ++i) Bump(rule->stats->actions[i].sent);
    return;
  }
  // The VM keeps the statement's output apart from what templates render.
  const std::string& output = slot.vm.output();
  const bool binary = slot.vm.output_binary();
  std::shared_ptr<FailureGroup> group;
  if (rule->error_action || options.dead_letters != nullptr) {
    group = std::make_shared<FailureGroup>(static_cast<int>(n));
    group->payload.assign(payload);
    group->topic.assign(rule_topic);
    group->context = slot.context;
  }
  for (size_t i = 0; i < n; ++i) {
    auto job = std::make_unique<ActionJob>(this, rule, group);
    ActionRequest& r = job->request;
    r.rule_name = rule->name;
    r.action_index = i;
    r.kind = rule->actions[i].kind();
    rule->actions[i].Render(slot.vm, payload, rule_topic, slot.context, &r.params_json);
    r.payload = output;
    r.binary = binary;
    r.topic = slot.context.topic;
    r.clientid = slot.context.clientid;
    dispatcher->Push(std::move(job));
  }
}

// ---- RuleEngine --------------------------------------------------------------------------------

RuleEngine::RuleEngine(EngineOptions options) : impl_(std::make_unique<Impl>(options)) {}
RuleEngine::~RuleEngine() = default;

absl::Status RuleEngine::AddRule(const RuleDocument& rule) { return AddRules({rule}); }

absl::Status RuleEngine::AddRules(const std::vector<RuleDocument>& docs) {
  // Compile before taking the lock: it is the slow part, and needs no shared state.
  std::vector<std::unique_ptr<CompiledRule>> compiled;
  std::vector<std::string> errors;
  std::map<std::string, size_t> seen;
  for (const RuleDocument& doc : docs) {
    if (!seen.emplace(doc.name, compiled.size()).second) {
      errors.push_back(absl::StrCat("rule '", doc.name, "' is given twice"));
      continue;
    }
    absl::StatusOr<std::unique_ptr<CompiledRule>> c = CompileRule(doc, impl_->options.limits);
    if (!c.ok()) {
      errors.push_back(std::string(c.status().message()));
      continue;
    }
    compiled.push_back(std::move(*c));
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));

  std::lock_guard<std::mutex> lock(impl_->write_mu);
  for (size_t i = 0; i < compiled.size(); ++i) {
    auto it = impl_->rules.find(compiled[i]->name);
    compiled[i]->stats =
        it != impl_->rules.end() ? it->second.rule->stats : std::make_shared<RuleStats>();
    std::string name = compiled[i]->name;
    impl_->rules[name] = {std::shared_ptr<const CompiledRule>(std::move(compiled[i])),
                          !docs[i].disabled};
  }
  impl_->Rebuild();
  return absl::OkStatus();
}

absl::Status RuleEngine::AddRuleFile(const std::string& path) {
  absl::StatusOr<std::vector<RuleDocument>> docs = LoadRules(path);
  if (!docs.ok()) return docs.status();
  return AddRules(*docs);
}

absl::Status RuleEngine::RemoveRule(std::string_view name) {
  std::lock_guard<std::mutex> lock(impl_->write_mu);
  auto it = impl_->rules.find(name);
  if (it == impl_->rules.end()) {
    return absl::NotFoundError(absl::StrCat("no rule named '", AbslView(name), "'"));
  }
  impl_->rules.erase(it);
  impl_->Rebuild();
  return absl::OkStatus();
}

absl::Status RuleEngine::SetRuleEnabled(std::string_view name, bool enabled) {
  std::lock_guard<std::mutex> lock(impl_->write_mu);
  auto it = impl_->rules.find(name);
  if (it == impl_->rules.end()) {
    return absl::NotFoundError(absl::StrCat("no rule named '", AbslView(name), "'"));
  }
  if (it->second.enabled == enabled) return absl::OkStatus();
  it->second.enabled = enabled;
  impl_->Rebuild();
  return absl::OkStatus();
}

std::vector<std::string> RuleEngine::RuleNames() const {
  std::shared_ptr<const Snapshot> snapshot = impl_->Current();
  std::vector<std::string> names;
  names.reserve(snapshot->rules.size());
  for (const SnapshotEntry& e : snapshot->rules) names.push_back(e.rule->name);
  return names;
}

absl::StatusOr<int> RuleEngine::Publish(std::string_view topic, std::string_view payload,
                                        const MessageContext& context) {
  const Limits& limits = impl_->options.limits;
  if (std::string bad = CheckTopicName(topic, limits.max_topic_levels, limits.max_topic_bytes);
      !bad.empty()) {
    return absl::InvalidArgumentError(bad);
  }
  if (payload.size() > impl_->options.limits.max_payload_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the payload is ", payload.size(), " bytes, more than the limit of ",
                     impl_->options.limits.max_payload_bytes, " (max_payload_bytes)"));
  }
  Impl& impl = *impl_;
  EvalSlots::Lease lease = impl.slots.Acquire();
  EvalSlot& slot = *lease;
  std::shared_ptr<const Snapshot> snapshot = impl.Current();
  Bump(impl.stats.messages);

  slot.context = context;
  slot.context.topic.assign(topic.data(), topic.size());
  if (!slot.context.timestamp_ms) slot.context.timestamp_ms = NowMillis();

  slot.matches.clear();
  std::string_view rule_topic = topic;
  std::string_view ingest_rule;
  if (SplitBasicIngest(topic, &ingest_rule, &rule_topic)) {
    // Basic Ingest reaches the named rule only, whatever its FROM says (spec §2).
    const SnapshotEntry* entry = impl.Find(*snapshot, ingest_rule);
    if (entry == nullptr || !entry->enabled) {
      Bump(impl.stats.rule_not_found);
      return 0;
    }
    slot.matches.push_back(static_cast<uint32_t>(entry - snapshot->rules.data()));
  } else {
    snapshot->index.Match(topic, &slot.scratch, &slot.matches);
    if (slot.matches.empty()) {
      Bump(impl.stats.unmatched);
      return 0;
    }
    // Name order, so that actions are queued in the same order on every run.
    std::sort(slot.matches.begin(), slot.matches.end());
  }
  // The first rules' links, before the pipeline below takes over.
  for (size_t k = 0; k < slot.matches.size() && k < 3; ++k)
    PrefetchEntry(*snapshot, slot.matches[k]);
  for (size_t k = 0; k < slot.matches.size() && k < 2; ++k)
    PrefetchProgram(*snapshot, slot.matches[k]);

  int outputs = 0;
  for (size_t k = 0; k < slot.matches.size(); ++k) {
    PrefetchAhead(*snapshot, slot.matches, k);
    const SnapshotEntry& entry = snapshot->rules[slot.matches[k]];
    const std::shared_ptr<const CompiledRule>& rule = entry.rule;
    RuleStats& stats = *entry.stats;
    Bump(stats.matched);
    slot.context.rule_name.assign(rule->name);
    RunOutcome outcome = slot.vm.Run(*entry.program, payload, rule_topic, slot.context);
    if (outcome == RunOutcome::kRejected) {
      Bump(stats.rejected_by_where);
      continue;
    }
    if (outcome != RunOutcome::kEmitted) {
      Bump(stats.errors);
      continue;
    }
    Bump(stats.outputs);
    ++outputs;
    impl.Dispatch(slot, rule, payload, rule_topic);
  }
  return outputs;
}

void RuleEngine::Flush() { impl_->dispatcher->Flush(); }

std::optional<RuleMetrics> RuleEngine::GetRuleMetrics(std::string_view rule) const {
  std::shared_ptr<const Snapshot> snapshot = impl_->Current();
  const SnapshotEntry* entry = impl_->Find(*snapshot, rule);
  if (entry == nullptr) return std::nullopt;
  return entry->rule->stats->Read();
}

std::optional<ActionMetrics> RuleEngine::GetActionMetrics(std::string_view rule,
                                                          size_t action) const {
  std::shared_ptr<const Snapshot> snapshot = impl_->Current();
  const SnapshotEntry* entry = impl_->Find(*snapshot, rule);
  if (entry == nullptr) return std::nullopt;
  const CompiledRule& r = *entry->rule;
  if (action == kErrorActionIndex) {
    if (!r.error_action) return std::nullopt;
    return r.stats->error_action.Read();
  }
  if (action >= r.actions.size()) return std::nullopt;
  return r.stats->actions[action].Read();
}

EngineMetrics RuleEngine::GetEngineMetrics() const {
  EngineMetrics m;
  m.messages = impl_->stats.messages.load(std::memory_order_relaxed);
  m.unmatched = impl_->stats.unmatched.load(std::memory_order_relaxed);
  m.rule_not_found = impl_->stats.rule_not_found.load(std::memory_order_relaxed);
  m.queued = impl_->dispatcher->outstanding();
  m.dead_letter_errors = impl_->stats.dead_letter_errors.load(std::memory_order_relaxed);
  return m;
}

std::string RuleEngine::PrometheusMetrics() const {
  std::shared_ptr<const Snapshot> snapshot = impl_->Current();
  std::vector<RuleExposition> rules;
  rules.reserve(snapshot->rules.size());
  for (const SnapshotEntry& e : snapshot->rules) {
    RuleExposition r;
    r.name = e.rule->name;
    for (const CompiledAction& a : e.rule->actions) r.action_kinds.push_back(a.kind());
    if (e.rule->error_action) r.error_action_kind = e.rule->error_action->kind();
    r.stats = e.rule->stats.get();
    rules.push_back(std::move(r));
  }
  return FormatPrometheus(rules, GetEngineMetrics());
}

}  // namespace iotsql
