// A stable 64-bit fingerprint of byte strings (FNV-1a's multiply, on 64-bit
// words), for cache keys and checksums that must not change between runs
// (unlike absl::Hash, seeded per process).
#ifndef TRIAGE_SRC_FINGERPRINT_H_
#define TRIAGE_SRC_FINGERPRINT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace triage {
namespace internal {

class Fingerprint {
 public:
  // Mixes in `bytes`, preceded by their length so that ("ab", "c") and
  // ("a", "bc") differ. Eight bytes at a time, read little-endian whatever
  // the machine.
  Fingerprint& Add(std::string_view bytes) {
    AddNumber(bytes.size());
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) Word(LoadLittleEndian(b + i));
    uint64_t tail = 0;
    for (int k = 0; i < bytes.size(); ++i, ++k) {
      tail |= uint64_t{b[i]} << (8 * k);
    }
    Word(tail);
    return *this;
  }
  Fingerprint& AddNumber(uint64_t n) {
    Word(n);
    return *this;
  }
  uint64_t digest() const { return h_; }

 private:
  static uint64_t LoadLittleEndian(const unsigned char* p) {
    uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(&w, p, 8);
#else
    for (int k = 0; k < 8; ++k) w |= uint64_t{p[k]} << (8 * k);
#endif
    return w;
  }
  // FNV-1a's step on a word, with a shift so high bits reach low ones.
  // Each step is a bijection of the state, so changing one word always
  // changes the result.
  void Word(uint64_t w) {
    h_ ^= w;
    h_ *= 1099511628211ull;
    h_ ^= h_ >> 29;
  }
  uint64_t h_ = 14695981039346656037ull;
};

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_FINGERPRINT_H_
