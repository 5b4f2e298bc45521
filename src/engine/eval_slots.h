// Per-thread evaluation state for one engine: a VM (its arena and JSON reader warm), a context
// to fill in, and match lists, reused from message to message without locks. A thread keeps
// its slot until it exits, then hands it back for other threads to reuse.
#ifndef IOTSQL_ENGINE_EVAL_SLOTS_H_
#define IOTSQL_ENGINE_EVAL_SLOTS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/topic_index.h"
#include "iotsql/iotsql.h"
#include "vm/vm.h"

namespace iotsql {

struct EvalSlot {
  Vm vm;
  MessageContext context;
  TopicIndex::Scratch scratch;
  std::vector<uint32_t> matches;
  bool busy = false;
};

class EvalSlots {
 public:
  explicit EvalSlots(ExternalProvider* provider, const Limits& limits = Limits());
  ~EvalSlots();

  // The calling thread's slot while the lease lives. A nested call on the same thread (an
  // external function that publishes) gets a slot of its own.
  class Lease {
   public:
    Lease(EvalSlot* slot, std::unique_ptr<EvalSlot> owned)
        : slot_(slot), owned_(std::move(owned)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (!owned_) slot_->busy = false;
    }
    EvalSlot& operator*() const { return *slot_; }
    EvalSlot* operator->() const { return slot_; }

   private:
    EvalSlot* slot_;
    std::unique_ptr<EvalSlot> owned_;
  };
  Lease Acquire();

  struct Pool;

 private:
  std::unique_ptr<EvalSlot> NewSlot();
  std::shared_ptr<Pool> pool_;
};

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_EVAL_SLOTS_H_
