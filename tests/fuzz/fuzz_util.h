// Shared by the libFuzzer targets of tests/fuzz: invariant checks that abort (so that libFuzzer
// saves the input), and the few helpers several targets need.
#ifndef IOTSQL_TESTS_FUZZ_FUZZ_UTIL_H_
#define IOTSQL_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bytecode/program.h"

namespace iotsql::fuzz {

// Prints `what` and `detail` and aborts: libFuzzer (and the replay driver) report the input.
[[noreturn]] void Fail(std::string_view what, std::string_view detail = {});

#define IOTSQL_FUZZ_CHECK(cond, detail)                          \
  do {                                                           \
    if (!(cond)) ::iotsql::fuzz::Fail("check failed: " #cond, (detail)); \
  } while (0)

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Whether `text` is one JSON document (RFC 8259: structure, escapes, well-formed UTF-8; numbers
// of any size and nesting of any depth, which simdjson's DOM would refuse).
bool IsJsonDocument(std::string_view text);

// Runs the bytecode verifier again on a compiled program and checks that it agrees with the one
// run by the compiler (the same stack bound). Every target calls it on every program it gets.
void ReverifyProgram(const Program& program);

// A topic that `filter` matches (each wildcard level becomes "x"); "a/b/c" without a filter.
std::string TopicFor(std::string_view filter);

// Escapes bytes for a failure message.
std::string Printable(std::string_view bytes, size_t max = 400);

}  // namespace iotsql::fuzz

#endif  // IOTSQL_TESTS_FUZZ_FUZZ_UTIL_H_
