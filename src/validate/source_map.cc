#include "validate/source_map.h"

#include <algorithm>

namespace iotsql::validate {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
  }
}

LineColumn LineIndex::At(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t line = static_cast<size_t>(it - starts_.begin());  // 1-based
  return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1]) + 1};
}

std::string_view LineIndex::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t begin = starts_[line - 1];
  size_t end = line < line_count() ? starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return text_.substr(begin, end - begin);
}

void ValueMap::Add(uint32_t value, uint32_t file, bool linear) {
  if (!runs_.empty()) {
    const Run& last = runs_.back();
    // Continuing a verbatim run: nothing to store.
    if (last.linear && linear && file - last.file == value - last.value) return;
    if (last.value == value) {
      runs_.back() = {value, file, linear};
      return;
    }
  }
  runs_.push_back({value, file, linear});
}

uint32_t ValueMap::ToFile(uint32_t value_offset) const {
  if (value_offset >= size_ || runs_.empty()) return file_end_;
  auto it = std::upper_bound(runs_.begin(), runs_.end(), value_offset,
                             [](uint32_t v, const Run& r) { return v < r.value; });
  if (it == runs_.begin()) return runs_.front().file;
  const Run& r = *(it - 1);
  return r.linear ? r.file + (value_offset - r.value) : r.file;
}

}  // namespace iotsql::validate
