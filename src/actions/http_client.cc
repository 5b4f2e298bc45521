#include "actions/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace iotsql::actions {

namespace {

struct Transfer {
  HttpRequest request;
  std::optional<CurlSigV4> sign;
  HttpClient::Callback done;
  HttpResponse response;
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
  char error[CURL_ERROR_SIZE] = {0};
  size_t max_body = 0;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t bytes = size * n;
  size_t room = t->max_body > t->response.body.size() ? t->max_body - t->response.body.size() : 0;
  t->response.body.append(data, std::min(bytes, room));
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  absl::string_view line(data, size * n);
  if (absl::StartsWith(line, "HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != absl::string_view::npos && t->response.headers.size() < 64) {
    t->response.headers.emplace_back(
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon))),
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  return size * n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct HttpClient::Impl {
  HttpClientOptions options;
  CURLM* multi = nullptr;
  std::thread worker;

  mutable std::mutex mu;
  std::condition_variable room;       // signalled when a transfer finishes
  std::deque<std::unique_ptr<Transfer>> queue;
  size_t outstanding = 0;             // queued + running
  bool stopping = false;
  HttpClientStats stats;

  std::vector<CURL*> idle_easy;       // reused handles (worker thread only)

  void Run();
  void Start(std::unique_ptr<Transfer> t);
  void Finish(CURL* easy, CURLcode code);
};

void HttpClient::Impl::Start(std::unique_ptr<Transfer> t) {
  CURL* easy;
  if (!idle_easy.empty()) {
    easy = idle_easy.back();
    idle_easy.pop_back();
    curl_easy_reset(easy);  // keeps the connection cache, DNS cache and session IDs
  } else {
    easy = curl_easy_init();
  }
  t->easy = easy;
  t->max_body = options.max_response_bytes;
  const HttpRequest& r = t->request;
  for (const auto& [k, v] : r.headers) {
    t->headers = curl_slist_append(t->headers, absl::StrCat(k, ": ", v).c_str());
  }
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);  // S3 keys may hold "./" and "../"
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, options.request_timeout_ms);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "iotsql-actions/1.0");
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  if (r.method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
  if (t->sign) {
    curl_easy_setopt(easy, CURLOPT_AWS_SIGV4, t->sign->provider.c_str());
    curl_easy_setopt(easy, CURLOPT_USERNAME, t->sign->access_key_id.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, t->sign->secret_access_key.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
  curl_multi_add_handle(multi, easy);
  t.release();  // owned through CURLOPT_PRIVATE until Finish
}

void HttpClient::Impl::Finish(CURL* easy, CURLcode code) {
  Transfer* raw = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
  std::unique_ptr<Transfer> t(raw);
  curl_multi_remove_handle(multi, easy);
  HttpResponse& resp = t->response;
  resp.curl_code = code;
  if (code != CURLE_OK) resp.curl_error = t->error[0] ? t->error : curl_easy_strerror(code);
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &resp.status);
  long connects = 0;
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
  resp.new_connection = connects > 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &resp.seconds);
  curl_slist_free_all(t->headers);
  // Drop the keys from the handle before it waits in the pool.
  curl_easy_setopt(easy, CURLOPT_PASSWORD, "");
  idle_easy.push_back(easy);
  {
    // The transfer is over before its callback runs, so that a caller woken by the callback
    // finds its slot free.
    std::lock_guard<std::mutex> lock(mu);
    ++stats.requests;
    if (resp.new_connection) ++stats.new_connections;
    --outstanding;
  }
  room.notify_all();
  t->done(std::move(resp));
}

void HttpClient::Impl::Run() {
  int running = 0;
  while (true) {
    std::deque<std::unique_ptr<Transfer>> fresh;
    bool stop;
    {
      std::lock_guard<std::mutex> lock(mu);
      fresh.swap(queue);
      stop = stopping && outstanding == 0;
    }
    if (stop) break;
    for (auto& t : fresh) Start(std::move(t));
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg == CURLMSG_DONE) Finish(msg->easy_handle, msg->data.result);
    }
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

absl::StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(const HttpClientOptions& options) {
  GlobalInit();
  curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if (info->version_num < 0x074B00) {  // CURLOPT_AWS_SIGV4 came in 7.75.0
    return absl::FailedPreconditionError(
        absl::StrCat("libcurl ", info->version, " is too old: 7.75 or later is needed"));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.max_in_flight = std::max(1, options.max_in_flight);
  impl->multi = curl_multi_init();
  if (impl->multi == nullptr) return absl::InternalError("curl_multi_init failed");
  long limit = impl->options.max_in_flight;
  curl_multi_setopt(impl->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limit);
  curl_multi_setopt(impl->multi, CURLMOPT_MAXCONNECTS, limit);
  Impl* p = impl.get();
  impl->worker = std::thread([p] { p->Run(); });
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::~HttpClient() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
  impl_->worker.join();
  for (CURL* easy : impl_->idle_easy) curl_easy_cleanup(easy);
  curl_multi_cleanup(impl_->multi);
}

void HttpClient::Send(HttpRequest request, std::optional<CurlSigV4> sign, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->sign = std::move(sign);
  t->done = std::move(done);
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    impl_->room.wait(lock, [&] {
      return impl_->outstanding < static_cast<size_t>(impl_->options.max_in_flight);
    });
    ++impl_->outstanding;
    impl_->stats.max_in_flight_seen =
        std::max<uint64_t>(impl_->stats.max_in_flight_seen, impl_->outstanding);
    impl_->queue.push_back(std::move(t));
  }
  curl_multi_wakeup(impl_->multi);
}

HttpClientStats HttpClient::Stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

}  // namespace iotsql::actions
