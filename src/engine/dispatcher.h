// Asynchronous delivery: a bounded queue of jobs and the worker threads that run them. A full
// queue blocks the publisher (back-pressure) instead of dropping, except on the dispatcher's
// own workers (a sink that publishes again must never wait for itself).
#ifndef IOTSQL_ENGINE_DISPATCHER_H_
#define IOTSQL_ENGINE_DISPATCHER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace iotsql {

class DispatchJob {
 public:
  virtual ~DispatchJob() = default;
  // Runs on worker `worker` (0 .. threads-1), so that it can use per-worker state.
  virtual void Run(int worker) = 0;
};

class Dispatcher {
 public:
  Dispatcher(int threads, size_t capacity);
  ~Dispatcher();  // runs every queued job, then stops the workers
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  int threads() const { return static_cast<int>(threads_.size()); }
  void Push(std::unique_ptr<DispatchJob> job);
  // Returns once every job pushed before the call has run. On a worker it returns at once (a
  // job cannot wait for itself).
  void Flush();
  // Jobs queued or running.
  size_t outstanding() const;
  // Whether the calling thread is one of this dispatcher's workers.
  bool OnWorker() const;

 private:
  void Work(int worker);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::condition_variable idle_;
  std::deque<std::unique_ptr<DispatchJob>> queue_;
  size_t outstanding_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_DISPATCHER_H_
