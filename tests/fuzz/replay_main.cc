// Replays the seed corpora and the saved regressions of every fuzz target through a plain main
// (ctest `fuzz_replay`), so that ordinary and sanitizer builds re-run each input libFuzzer ever
// found interesting without needing clang. Each target's LLVMFuzzerTestOneInput is compiled
// under the name FuzzEntry_<target> (CMakeLists.txt).
//
//   iotsql_fuzz_replay DIR [TARGET]   runs DIR/corpus/<target>/* and DIR/regressions/<target>/*
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#define IOTSQL_FUZZ_TARGETS(X) \
  X(compile) X(eval) X(template) X(rule_document) X(validate) X(topic) X(json_differential) \
  X(vm_differential) X(protobuf)

#define IOTSQL_DECLARE(name) extern "C" int FuzzEntry_##name(const uint8_t* data, size_t size);
IOTSQL_FUZZ_TARGETS(IOTSQL_DECLARE)
#undef IOTSQL_DECLARE

namespace {

struct Target {
  const char* name;
  int (*entry)(const uint8_t*, size_t);
};

#define IOTSQL_ENTRY(name) {#name, &FuzzEntry_##name},
constexpr Target kTargets[] = {IOTSQL_FUZZ_TARGETS(IOTSQL_ENTRY)};
#undef IOTSQL_ENTRY

// The input being replayed, for the crash handler: a finding aborts (or faults) the process.
char current[4096];

void SayWhich(int sig) {
  const char prefix[] = "\niotsql_fuzz_replay: crashed on ";
  (void)!write(2, prefix, sizeof prefix - 1);
  (void)!write(2, current, strlen(current));
  (void)!write(2, "\n", 1);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

int main(int argc, char** argv) {
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, SayWhich);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [TARGET]\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path dir = argv[1];
  const std::string only = argc > 2 ? argv[2] : "";
  size_t total = 0;
  for (const Target& t : kTargets) {
    if (!only.empty() && only != t.name) continue;
    std::vector<fs::path> files;
    for (const char* sub : {"corpus", "regressions"}) {
      fs::path d = dir / sub / t.name;
      if (!fs::is_directory(d)) continue;
      for (const fs::directory_entry& e : fs::directory_iterator(d)) {
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string bytes = buffer.str();
      std::snprintf(current, sizeof current, "%s", f.c_str());
      t.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::fprintf(stderr, "%-18s %zu inputs replayed\n", t.name, files.size());
    total += files.size();
  }
  if (total == 0) {
    std::fprintf(stderr, "no inputs found under %s\n", argv[1]);
    return 1;
  }
  return 0;
}
