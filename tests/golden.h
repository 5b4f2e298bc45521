// Golden-file comparison for tests: IOTSQL_UPDATE_GOLDEN=1 rewrites the files.
#ifndef IOTSQL_TESTS_GOLDEN_H_
#define IOTSQL_TESTS_GOLDEN_H_

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

#ifndef IOTSQL_GOLDEN_DIR
#define IOTSQL_GOLDEN_DIR "tests/golden"
#endif

namespace iotsql::testing {

inline void ExpectGolden(const std::string& relative_path, const std::string& actual) {
  std::string path = std::string(IOTSQL_GOLDEN_DIR) + "/" + relative_path;
  const char* update = std::getenv("IOTSQL_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << actual;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing golden file " << path
                         << " (run with IOTSQL_UPDATE_GOLDEN=1 to create it)";
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_EQ(buffer.str(), actual) << "golden file " << path;
}

}  // namespace iotsql::testing

#endif  // IOTSQL_TESTS_GOLDEN_H_
