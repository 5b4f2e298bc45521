// Helpers for the action-sink tests: temporary directories, file reading, and a scripted
// HTTP/1.1 server on 127.0.0.1 (keep-alive, so that connection reuse can be observed).
#ifndef IOTSQL_TESTS_ACTIONS_TEST_UTIL_H_
#define IOTSQL_TESTS_ACTIONS_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "iotsql/engine.h"

namespace iotsql::testing_actions {

inline std::string MakeTempDir() {
  char tmpl[] = "/tmp/iotsql-actions-XXXXXX";
  char* dir = mkdtemp(tmpl);
  return dir ? dir : "";
}

inline void RemoveTree(const std::string& dir) {
  if (dir.rfind("/tmp/iotsql-actions-", 0) == 0) {
    std::string cmd = "rm -rf '" + dir + "'";
    (void)!std::system(cmd.c_str());
  }
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline ActionRequest Request(const std::string& kind, const std::string& params,
                             const std::string& payload, bool binary = false) {
  ActionRequest r;
  r.rule_name = "r1";
  r.kind = kind;
  r.params_json = params;
  r.payload = payload;
  r.binary = binary;
  r.topic = "sensors/a/data";
  r.clientid = "c1";
  r.original_payload = payload;
  return r;
}

struct ReceivedRequest {
  std::string method, path, headers, body;
};

// Answers every request with respond(request) (a whole HTTP response without Content-Length,
// which is added), or stalls when it returns "STALL".
class TestHttpServer {
 public:
  using Responder = std::function<std::pair<std::string, std::string>(const ReceivedRequest&)>;

  explicit TestHttpServer(Responder respond) : respond_(std::move(respond)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 64);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~TestHttpServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    accept_thread_.join();
    for (auto& t : conn_threads_) t.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }
  std::vector<ReceivedRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      conn_threads_.emplace_back([this, c] { Serve(c); });
    }
  }
  void Serve(int c) {
    std::string buf;
    char chunk[65536];
    while (!stop_) {
      size_t end = buf.find("\r\n\r\n");
      if (end != std::string::npos) {
        ReceivedRequest r;
        std::string head = buf.substr(0, end);
        size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
        r.method = head.substr(0, sp1);
        r.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
        r.headers = head;
        size_t length = 0;
        size_t cl = LowerCase(head).find("content-length:");
        if (cl != std::string::npos) length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
        if (buf.size() >= end + 4 + length) {
          r.body = buf.substr(end + 4, length);
          buf.erase(0, end + 4 + length);
          {
            std::lock_guard<std::mutex> lock(mu_);
            requests_.push_back(r);
          }
          auto [status_line, body] = respond_(r);
          if (status_line == "STALL") {
            while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            break;
          }
          std::string out = status_line + "\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\n\r\n" + body;
          if (write(c, out.data(), out.size()) < 0) break;
          continue;
        }
      }
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      ssize_t n = read(c, chunk, sizeof(chunk));
      if (n <= 0) break;
      buf.append(chunk, static_cast<size_t>(n));
    }
    close(c);
  }
  static std::string LowerCase(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  }

  Responder respond_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<std::thread> conn_threads_;
  std::vector<ReceivedRequest> requests_;
};

}  // namespace iotsql::testing_actions

#endif  // IOTSQL_TESTS_ACTIONS_TEST_UTIL_H_
