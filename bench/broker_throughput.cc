// Broker throughput on loopback: publishes W1 telemetry (bench/messages.h) at QoS 0 as fast as
// libmosquitto takes it, while a subscriber on the same broker counts what arrives. Run against
// a broker with and without the iotsql plug-in (bench/broker_bench.py does both).
//
//   iotsql_broker_bench --port P [--count N] [--alerts]
// prints one JSON line: sent, received, alerts (republished, with --alerts), seconds, msgs/s.
#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "messages.h"

namespace {

std::atomic<uint64_t> g_received{0};
std::atomic<uint64_t> g_alerts{0};
std::atomic<int> g_subacks{0};

void OnMessage(struct mosquitto*, void*, const struct mosquitto_message* m) {
  if (std::strncmp(m->topic, "alerts/", 7) == 0) {
    g_alerts.fetch_add(1, std::memory_order_relaxed);
  } else {
    g_received.fetch_add(1, std::memory_order_relaxed);
  }
}
void OnSubscribe(struct mosquitto*, void*, int, int, const int*) { g_subacks.fetch_add(1); }

struct mosquitto* Connect(const char* id, int port) {
  struct mosquitto* m = mosquitto_new(id, true, nullptr);
  if (m == nullptr || mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) {
    std::fprintf(stderr, "iotsql_broker_bench: cannot connect to 127.0.0.1:%d\n", port);
    std::exit(1);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 1883;
  size_t count = 200000;
  bool alerts = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--port" && i + 1 < argc) port = std::atoi(argv[++i]);
    else if (a == "--count" && i + 1 < argc) count = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--alerts") alerts = true;
    else {
      std::fprintf(stderr, "usage: iotsql_broker_bench --port P [--count N] [--alerts]\n");
      return 2;
    }
  }
  auto messages = iotsql::bench::MakeTelemetry(count);
  mosquitto_lib_init();
  struct mosquitto* sub = Connect("bench-sub", port);
  mosquitto_message_callback_set(sub, OnMessage);
  mosquitto_subscribe_callback_set(sub, OnSubscribe);
  mosquitto_loop_start(sub);
  mosquitto_subscribe(sub, nullptr, "sensors/+/telemetry", 0);
  if (alerts) mosquitto_subscribe(sub, nullptr, "alerts/#", 0);
  while (g_subacks.load() < (alerts ? 2 : 1)) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  struct mosquitto* pub = Connect("bench-pub", port);
  mosquitto_loop_start(pub);
  auto start = std::chrono::steady_clock::now();
  for (const auto& m : messages) {
    // The client queues in memory; NOMEM aside, publish only fails when disconnected.
    while (mosquitto_publish(pub, nullptr, m.topic.c_str(), static_cast<int>(m.payload.size()),
                             m.payload.data(), 0, false) != MOSQ_ERR_SUCCESS) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  // Done when everything arrived, or when nothing more arrives for a second (QoS 0 may drop).
  uint64_t last = 0;
  auto last_change = std::chrono::steady_clock::now();
  auto end = last_change;
  while (true) {
    uint64_t now_count = g_received.load();
    auto now = std::chrono::steady_clock::now();
    if (now_count != last) {
      last = now_count;
      last_change = end = now;
    }
    if (now_count >= count || now - last_change > std::chrono::seconds(1)) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (alerts) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  double seconds = std::chrono::duration<double>(end - start).count();
  std::printf("{\"sent\":%zu,\"received\":%llu,\"alerts\":%llu,\"seconds\":%.3f,\"msgs_per_s\":%.0f}\n",
              count, static_cast<unsigned long long>(g_received.load()),
              static_cast<unsigned long long>(g_alerts.load()), seconds,
              static_cast<double>(g_received.load()) / seconds);
  mosquitto_disconnect(pub);
  mosquitto_disconnect(sub);
  mosquitto_loop_stop(pub, false);
  mosquitto_loop_stop(sub, false);
  mosquitto_destroy(pub);
  mosquitto_destroy(sub);
  mosquitto_lib_cleanup();
  return 0;
}
