// Deterministic telemetry messages of the reference workloads (the same shape as
// ../bench/gen_messages.py): ~180-byte JSON objects, `temp` uniform in [0, 100).
#ifndef IOTSQL_BENCH_MESSAGES_H_
#define IOTSQL_BENCH_MESSAGES_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace iotsql::bench {

struct Message {
  std::string topic;
  std::string payload;
};

// A number rounded to `places` and printed as Python's json.dumps prints a float.
inline std::string PyFloat(double x, int places) {
  double scale = std::pow(10.0, places);
  double r = std::round(x * scale) / scale;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), r);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

inline std::vector<Message> MakeTelemetry(size_t n, bool large = false, uint32_t seed = 42) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * unit(rng); };
  const char* statuses[] = {"ok", "ok", "ok", "warn", "err"};
  std::vector<Message> out;
  out.reserve(n);
  char buf[512];
  for (size_t i = 0; i < n; ++i) {
    double temp = uniform(0, 100);
    int device = static_cast<int>(rng() % 100000);
    std::snprintf(buf, sizeof(buf),
                  "{\"device\":\"dev-%06d\",\"ts\":%llu,\"temp\":%s,\"humidity\":%s,"
                  "\"pressure\":%s,\"battery\":%d,\"status\":\"%s\",\"loc\":{\"lat\":%s,"
                  "\"lon\":%s},\"fw\":\"2.%d.%d\",\"seq\":%zu",
                  device, 1700000000000ULL + i * 10, PyFloat(temp, 2).c_str(),
                  PyFloat(uniform(10, 90), 1).c_str(), PyFloat(uniform(950, 1050), 1).c_str(),
                  static_cast<int>(rng() % 101), statuses[rng() % 5],
                  PyFloat(uniform(-90, 90), 5).c_str(), PyFloat(uniform(-180, 180), 5).c_str(),
                  static_cast<int>(rng() % 10), static_cast<int>(rng() % 10), i);
    std::string payload = buf;
    if (large) {
      payload += ",\"readings\":[";
      for (int k = 0; k < 24; ++k) {
        std::snprintf(buf, sizeof(buf), "%s{\"n\":\"ch%02d\",\"v\":%s,\"u\":\"mV\"}",
                      k ? "," : "", k, PyFloat(uniform(-1000, 1000), 3).c_str());
        payload += buf;
      }
      payload += "]";
    }
    payload += "}";
    std::snprintf(buf, sizeof(buf), "sensors/dev-%06d/telemetry", device);
    out.push_back({buf, std::move(payload)});
  }
  return out;
}

}  // namespace iotsql::bench

#endif  // IOTSQL_BENCH_MESSAGES_H_
