// Bitsets kept in arrays of 64-bit words, for the per-message sets of
// entries and patterns.
#ifndef TRIAGE_SRC_BITS_H_
#define TRIAGE_SRC_BITS_H_

#include <cstddef>
#include <cstdint>

#include "absl/numeric/bits.h"

namespace triage {
namespace internal {

// Sets bit `i` of the bitset in `words`.
inline void SetBit(uint64_t* words, size_t i) {
  words[i / 64] |= uint64_t{1} << (i % 64);
}

// Calls f(i) for each bit set in `word`, ascending, where the word's lowest
// bit is bit `base` of its bitset.
template <typename F>
void ForEachSetBit(uint64_t word, size_t base, F f) {
  for (; word != 0; word &= word - 1) f(base + absl::countr_zero(word));
}

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_BITS_H_
