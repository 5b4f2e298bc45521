#include "engine/dispatcher.h"

#include <algorithm>

namespace iotsql {

namespace {
thread_local const Dispatcher* current_dispatcher = nullptr;
}  // namespace

Dispatcher::Dispatcher(int threads, size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {
  int n = std::max(threads, 1);
  threads_.reserve(n);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this, i] { Work(i); });
}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool Dispatcher::OnWorker() const { return current_dispatcher == this; }

void Dispatcher::Push(std::unique_ptr<DispatchJob> job) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!OnWorker()) not_full_.wait(lock, [this] { return queue_.size() < capacity_; });
  queue_.push_back(std::move(job));
  ++outstanding_;
  lock.unlock();
  not_empty_.notify_one();
}

void Dispatcher::Flush() {
  if (OnWorker()) return;
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return outstanding_ == 0; });
}

size_t Dispatcher::outstanding() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outstanding_;
}

void Dispatcher::Work(int worker) {
  current_dispatcher = this;
  while (true) {
    std::unique_ptr<DispatchJob> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    not_full_.notify_one();
    job->Run(worker);
    job.reset();  // before counting it done: Flush promises its resources are released too
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--outstanding_ == 0) idle_.notify_all();
    }
  }
}

}  // namespace iotsql
