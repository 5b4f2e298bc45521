// iotsql_deliver: feeds ActionRequests (one JSON object a line on stdin) to a sink, the way the
// engine's dispatch threads do, and reports every outcome (one JSON line each on stdout), then
// the sink's counters. The moto integration test drives it; it also serves for manual checks:
//
//   echo '{"id":"1","kind":"s3","params":{"bucketName":"b","key":"k"},"payload":{"t":1}}' |
//     iotsql_deliver --sinks aws --endpoint-url http://127.0.0.1:5000 --region us-east-1
//
// Input members: id, kind, params (object), payload (any JSON) or payloadText (string, sent as
// is) or payloadBase64 (binary), ruleName, topic. Options: --sinks local|aws, --out DIR (local),
// --endpoint-url URL, --region R, --signer auto|curl|openssl, --threads N, --max-in-flight N,
// --retries N (attempts after the first, retryable errors only), --backoff-ms MS (doubling, with
// jitter), --pace-ms MS (pause between requests read), --timeout-ms MS.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "iotsql/sinks.h"

namespace {

using iotsql::ActionRequest;
using iotsql::JsonNode;

struct Job {
  std::string id;
  ActionRequest request;
};

std::string Member(const JsonNode& v, const char* name) {
  const JsonNode* m = v.Find(name);
  return m != nullptr && m->is_string() ? m->text : "";
}

int Usage() {
  std::cerr << "usage: iotsql_deliver [--sinks local|aws] [--out DIR] [--endpoint-url URL] "
               "[--region R] [--signer auto|curl|openssl] [--threads N] [--max-in-flight N] "
               "[--retries N] [--backoff-ms MS] [--pace-ms MS] [--timeout-ms MS] < requests.ndjson\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string sinks = "local", out = "iotsql-out", endpoint, region, signer = "auto";
  int threads = 8, max_in_flight = 64, retries = 0, backoff_ms = 100, pace_ms = 0, timeout_ms = 5000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return Usage();
    std::string v = argv[++i];
    if (a == "--sinks") sinks = v;
    else if (a == "--out") out = v;
    else if (a == "--endpoint-url") endpoint = v;
    else if (a == "--region") region = v;
    else if (a == "--signer") signer = v;
    else if (a == "--threads") threads = std::atoi(v.c_str());
    else if (a == "--max-in-flight") max_in_flight = std::atoi(v.c_str());
    else if (a == "--retries") retries = std::atoi(v.c_str());
    else if (a == "--backoff-ms") backoff_ms = std::atoi(v.c_str());
    else if (a == "--pace-ms") pace_ms = std::atoi(v.c_str());
    else if (a == "--timeout-ms") timeout_ms = std::atoi(v.c_str());
    else return Usage();
  }
  auto log = [](const std::string& line) { std::cerr << line << "\n"; };
  absl::StatusOr<std::unique_ptr<iotsql::AsyncActionSink>> sink;
  if (sinks == "aws") {
    iotsql::AwsSinkOptions o;
    o.region = region;
    o.endpoint_url = endpoint;
    o.max_in_flight = max_in_flight;
    o.request_timeout_ms = timeout_ms;
    o.connect_timeout_ms = std::min(timeout_ms, 2000);
    o.signer = signer == "curl"      ? iotsql::AwsSinkOptions::Signer::kCurl
               : signer == "openssl" ? iotsql::AwsSinkOptions::Signer::kOpenSsl
                                     : iotsql::AwsSinkOptions::Signer::kAuto;
    o.republish_dir = out;
    o.log = log;
    sink = iotsql::MakeAwsSink(o);
  } else if (sinks == "local") {
    iotsql::LocalSinkOptions o;
    o.out_dir = out;
    o.log = log;
    sink = iotsql::MakeLocalSink(o);
  } else {
    return Usage();
  }
  if (!sink.ok()) {
    std::cerr << "iotsql_deliver: " << sink.status() << "\n";
    return 1;
  }

  std::mutex mu;
  std::condition_variable cv;
  std::deque<Job> queue;
  bool eof = false;
  std::mutex out_mu;
  std::atomic<int> ok_count{0}, failed_count{0};
  auto start = std::chrono::steady_clock::now();

  auto worker = [&](int seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return eof || !queue.empty(); });
        if (queue.empty()) return;
        job = std::move(queue.front());
        queue.pop_front();
      }
      absl::Status s;
      int attempts = 0;
      int delay = backoff_ms;
      while (true) {
        ++attempts;
        s = (*sink)->Deliver(job.request);
        if (s.ok() || !iotsql::IsRetryableDeliveryError(s) || attempts > retries) break;
        // Exponential backoff with full jitter, as the engine does between attempts.
        std::this_thread::sleep_for(std::chrono::milliseconds(
            delay / 2 + static_cast<int>(rng() % static_cast<unsigned>(delay / 2 + 1))));
        delay *= 2;
      }
      std::string line = absl::StrCat("{\"id\":", iotsql::JsonStringOfBytes(job.id),
                                      ",\"ok\":", s.ok() ? "true" : "false",
                                      ",\"attempts\":", attempts);
      if (!s.ok()) {
        absl::StrAppend(&line, ",\"code\":\"", absl::StatusCodeToString(s.code()),
                        "\",\"retryable\":", iotsql::IsRetryableDeliveryError(s) ? "true" : "false",
                        ",\"message\":", iotsql::JsonStringOfBytes(std::string(s.message())));
        ++failed_count;
      } else {
        ++ok_count;
      }
      line += "}";
      std::lock_guard<std::mutex> lock(out_mu);
      std::cout << line << std::endl;
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(worker, i + 1);

  std::string text;
  int line_no = 0;
  while (std::getline(std::cin, text)) {
    ++line_no;
    if (text.empty()) continue;
    absl::StatusOr<JsonNode> v = iotsql::ParseJsonDoc(text, iotsql::kServiceJson);
    if (!v.ok() || !v->is_object()) {
      std::cerr << "line " << line_no << ": not a JSON object\n";
      continue;
    }
    Job job;
    job.id = Member(*v, "id");
    ActionRequest& r = job.request;
    r.kind = Member(*v, "kind");
    r.rule_name = Member(*v, "ruleName");
    if (r.rule_name.empty()) r.rule_name = "deliver";
    r.topic = Member(*v, "topic");
    if (const JsonNode* p = v->Find("params")) iotsql::AppendJsonDoc(*p, &r.params_json);
    if (const JsonNode* p = v->Find("payload")) {
      iotsql::AppendJsonDoc(*p, &r.payload);
    } else if (const JsonNode* t = v->Find("payloadText")) {
      r.payload = t->text;
    } else if (const JsonNode* b = v->Find("payloadBase64")) {
      std::string bytes;
      absl::Base64Unescape(b->text, &bytes);
      r.payload = bytes;
      r.binary = true;
    }
    r.original_payload = r.payload;
    {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(std::move(job));
    }
    cv.notify_one();
    if (pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pace_ms));
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    eof = true;
  }
  cv.notify_all();
  for (auto& t : pool) t.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  iotsql::SinkStats st = (*sink)->Stats();
  std::cout << "{\"stats\":{\"ok\":" << ok_count << ",\"failed\":" << failed_count
            << ",\"delivered\":" << st.delivered << ",\"sinkFailed\":" << st.failed
            << ",\"retryableFailures\":" << st.retryable_failures
            << ",\"httpRequests\":" << st.http_requests
            << ",\"newConnections\":" << st.new_connections
            << ",\"maxInFlightSeen\":" << st.max_in_flight_seen << ",\"seconds\":" << seconds
            << "}}" << std::endl;
  return 0;
}
