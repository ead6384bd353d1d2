// A list of lists stored in two flat arrays, for tables read per message.
#ifndef TRIAGE_SRC_FLAT_LISTS_H_
#define TRIAGE_SRC_FLAT_LISTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace triage {
namespace internal {

// Lists of T, indexed from 0, read-only once built. Costs one offset per list
// instead of a vector (three pointers and a heap block) per list.
template <typename T>
class FlatLists {
 public:
  FlatLists() = default;
  explicit FlatLists(const std::vector<std::vector<T>>& lists) {
    begin_.reserve(lists.size() + 1);
    size_t total = 0;
    for (const auto& l : lists) total += l.size();
    items_.reserve(total);
    begin_.push_back(0);
    for (const auto& l : lists) {
      items_.insert(items_.end(), l.begin(), l.end());
      begin_.push_back(static_cast<uint32_t>(items_.size()));
    }
  }
  // From the raw arrays: offsets of each list's start, then items.size();
  // false when they do not describe lists (not ascending from 0 to
  // items.size()).
  bool Assign(std::vector<uint32_t> begin, std::vector<T> items) {
    if (begin.empty() || begin.front() != 0 || begin.back() != items.size())
      return false;
    for (size_t i = 1; i < begin.size(); ++i) {
      if (begin[i] < begin[i - 1]) return false;
    }
    begin_ = std::move(begin);
    items_ = std::move(items);
    return true;
  }

  size_t size() const { return begin_.empty() ? 0 : begin_.size() - 1; }
  absl::Span<const T> operator[](size_t i) const {
    return absl::Span<const T>(items_.data() + begin_[i],
                               begin_[i + 1] - begin_[i]);
  }

 private:
  std::vector<uint32_t> begin_;  // size() + 1 offsets into items_
  std::vector<T> items_;
};

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_FLAT_LISTS_H_
