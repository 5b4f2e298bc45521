// DescribeLocalOutput: counts what the local backend left under OUT, so that `iotsql run` can
// say where the actions landed without the user going to look.
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "iotsql/sinks.h"

namespace iotsql {
namespace {

namespace fs = std::filesystem;

uint64_t CountLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  uint64_t n = 0;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    n += static_cast<uint64_t>(std::count(buffer, buffer + in.gcount(), '\n'));
  }
  return n;
}

uint64_t CountFiles(const fs::path& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    // The backend's temporary files are renamed into place; a leftover one is not an object.
    if (it->is_regular_file(ec) && it->path().filename().string().rfind(".iotsql-tmp", 0) != 0) {
      ++n;
    }
  }
  return n;
}

std::vector<fs::path> Sorted(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (directories ? it->is_directory(ec) : it->is_regular_file(ec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every table of the catalogue with its item count; read-only, so a writer is never disturbed.
void DescribeTables(const std::string& path, std::vector<LocalOutputEntry>* out) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return;
  }
  sqlite3_busy_timeout(db, 2000);
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT table_name FROM _iotsql_tables ORDER BY table_name", -1, &st,
                         nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
  }
  sqlite3_finalize(st);
  for (const std::string& table : tables) {
    std::string quoted = "\"";
    for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    std::string sql = "SELECT count(*) FROM " + quoted;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out->push_back({path + " " + table, static_cast<uint64_t>(sqlite3_column_int64(st, 0)),
                      "items"});
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
}

}  // namespace

std::vector<LocalOutputEntry> DescribeLocalOutput(const std::string& out_dir) {
  std::vector<LocalOutputEntry> out;
  const fs::path root(out_dir);
  auto name = [](const fs::path& p) { return p.string(); };
  for (const fs::path& bucket : Sorted(root / "s3", true)) {
    out.push_back({name(bucket) + "/", CountFiles(bucket), "objects"});
  }
  for (const char* dir : {"sns", "lambda"}) {
    for (const fs::path& file : Sorted(root / dir, false)) {
      std::string ext = file.extension().string();
      if (ext == ".ndjson" || ext == ".log") out.push_back({name(file), CountLines(file), "lines"});
    }
  }
  std::error_code ec;
  const fs::path republish = root / "republish.ndjson";
  if (fs::is_regular_file(republish, ec)) {
    out.push_back({name(republish), CountLines(republish), "lines"});
  }
  if (fs::is_regular_file(root / "dynamodb.sqlite", ec)) {
    DescribeTables(name(root / "dynamodb.sqlite"), &out);
  }
  if (fs::is_regular_file(root / "dead-letter.ndjson", ec)) {
    out.push_back(
        {name(root / "dead-letter.ndjson"), CountLines(root / "dead-letter.ndjson"), "lines"});
  }
  return out;
}

}  // namespace iotsql
