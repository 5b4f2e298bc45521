#include "engine/eval_slots.h"

#include <algorithm>
#include <atomic>

namespace iotsql {

// Slots handed back by exited threads. Threads find it through a weak_ptr, so a thread that
// outlives the engine simply drops its slot.
struct EvalSlots::Pool {
  uint64_t id;
  ExternalProvider* provider;
  Limits limits;
  std::mutex mu;
  std::vector<std::unique_ptr<EvalSlot>> free;
};

namespace {

std::atomic<uint64_t> next_pool_id{1};

// The slots the current thread holds, one per engine it has published to.
struct ThreadSlots {
  struct Entry {
    uint64_t pool_id;
    std::weak_ptr<EvalSlots::Pool> pool;
    std::unique_ptr<EvalSlot> slot;
  };
  std::vector<Entry> entries;

  ~ThreadSlots() {
    for (Entry& e : entries) {
      if (std::shared_ptr<EvalSlots::Pool> pool = e.pool.lock()) {
        std::lock_guard<std::mutex> lock(pool->mu);
        pool->free.push_back(std::move(e.slot));
      }
    }
  }
};

thread_local ThreadSlots thread_slots;

}  // namespace

EvalSlots::EvalSlots(ExternalProvider* provider, const Limits& limits)
    : pool_(std::make_shared<Pool>()) {
  pool_->id = next_pool_id.fetch_add(1);
  pool_->provider = provider;
  pool_->limits = limits;
}

EvalSlots::~EvalSlots() = default;

std::unique_ptr<EvalSlot> EvalSlots::NewSlot() {
  {
    std::lock_guard<std::mutex> lock(pool_->mu);
    if (!pool_->free.empty()) {
      std::unique_ptr<EvalSlot> slot = std::move(pool_->free.back());
      pool_->free.pop_back();
      return slot;
    }
  }
  auto slot = std::make_unique<EvalSlot>();
  slot->vm.set_provider(pool_->provider);
  slot->vm.set_limits(pool_->limits);
  return slot;
}

EvalSlots::Lease EvalSlots::Acquire() {
  std::vector<ThreadSlots::Entry>& entries = thread_slots.entries;
  for (ThreadSlots::Entry& e : entries) {
    if (e.pool_id != pool_->id) continue;
    if (e.slot->busy) {
      std::unique_ptr<EvalSlot> nested = NewSlot();
      EvalSlot* slot = nested.get();
      return Lease(slot, std::move(nested));
    }
    e.slot->busy = true;
    return Lease(e.slot.get(), nullptr);
  }
  // First message from this thread: forget engines that are gone, then take a slot.
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](const ThreadSlots::Entry& e) { return e.pool.expired(); }),
                entries.end());
  entries.push_back({pool_->id, pool_, NewSlot()});
  entries.back().slot->busy = true;
  return Lease(entries.back().slot.get(), nullptr);
}

}  // namespace iotsql
