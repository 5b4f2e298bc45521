// Positions in the user's file. A rule's SQL and templates live inside JSON or YAML string
// scalars; the compiler reports byte offsets into the decoded string, and these maps carry them
// back to the bytes of the file (escapes, quotes, indentation and line folding taken into
// account), and from there to line and column.
#ifndef IOTSQL_VALIDATE_SOURCE_MAP_H_
#define IOTSQL_VALIDATE_SOURCE_MAP_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace iotsql::validate {

// 1-based line, 1-based column in bytes (as the compiler's own diagnostics count).
struct LineColumn {
  int line = 1;
  int column = 1;
};

// Line starts of a file, for offset -> line:column in O(log lines).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  LineColumn At(uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view Line(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

// Maps byte offsets of a decoded string value to byte offsets of the file. Stored as runs: in
// a linear run value byte i sits at file byte `file + (i - value)` (text copied verbatim); in a
// non-linear run every value byte maps to the run's start (the bytes one escape such as
// `\u00e9` decodes to). A string without escapes is a single run.
class ValueMap {
 public:
  ValueMap() = default;
  // Every value offset maps to `file` (used when a finer mapping is not known).
  static ValueMap Fixed(uint32_t file) {
    ValueMap m;
    m.Add(0, file, false);
    m.set_end(0, file);
    return m;
  }

  // Declares that value byte `value` is at file byte `file`; `linear` says whether the bytes
  // that follow continue verbatim. Calls come in increasing `value` order.
  void Add(uint32_t value, uint32_t file, bool linear);
  // The value's length and the file offset just past it (the closing quote of a JSON string).
  void set_end(uint32_t value_size, uint32_t file_end) {
    size_ = value_size;
    file_end_ = file_end;
  }

  uint32_t ToFile(uint32_t value_offset) const;
  uint32_t file_begin() const { return runs_.empty() ? file_end_ : runs_.front().file; }
  uint32_t file_end() const { return file_end_; }
  size_t run_count() const { return runs_.size(); }

 private:
  struct Run {
    uint32_t value;
    uint32_t file;
    bool linear;
  };
  std::vector<Run> runs_;
  uint32_t size_ = 0;
  uint32_t file_end_ = 0;
};

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_SOURCE_MAP_H_
