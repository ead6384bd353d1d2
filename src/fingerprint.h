// A stable 64-bit fingerprint of byte strings (FNV-1a), for cache keys that
// must not change between runs (unlike absl::Hash, seeded per process).
#ifndef TRIAGE_SRC_FINGERPRINT_H_
#define TRIAGE_SRC_FINGERPRINT_H_

#include <cstdint>
#include <string_view>

namespace triage {
namespace internal {

class Fingerprint {
 public:
  // Mixes in `bytes`, preceded by their length so that ("ab", "c") and
  // ("a", "bc") differ.
  Fingerprint& Add(std::string_view bytes) {
    AddNumber(bytes.size());
    for (unsigned char c : bytes) Byte(c);
    return *this;
  }
  Fingerprint& AddNumber(uint64_t n) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(n >> (8 * i)));
    return *this;
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 1099511628211ull;
  }
  uint64_t h_ = 14695981039346656037ull;
};

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_FINGERPRINT_H_
