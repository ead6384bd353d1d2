// The text normaliser shared by rule patterns and user messages.
//
// Example:
//   absl::StatusOr<std::unique_ptr<triage::Normalizer>> n =
//       triage::Normalizer::Create();
//   if (!n.ok()) return n.status();
//   triage::NormalizedText t = (*n)->Normalize("提現　ＦＡＩＬＥＤ");
//   // t.text == "提现 failed"; t.ToOriginal({7, 13}) is the span of
//   // "ＦＡＩＬＥＤ" in the input.
#ifndef TRIAGE_NORMALIZER_H_
#define TRIAGE_NORMALIZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "triage/export.h"

namespace triage {

// A half-open byte range [begin, end).
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

inline bool operator==(const Span& a, const Span& b) {
  return a.begin == b.begin && a.end == b.end;
}

// A normalised text and the way back to the text it came from.
struct NormalizedText {
  // The normalised UTF-8 text. Always valid UTF-8.
  std::string text;
  // For each byte of `text`, the byte range of the original input that
  // produced it. Both vectors have text.size() entries.
  std::vector<uint32_t> source_begin;
  std::vector<uint32_t> source_end;

  // Maps a byte span of `text` to the smallest span of the original input
  // that covers it. An empty span maps to an empty span at the corresponding
  // position. Requires span.begin <= span.end <= text.size().
  Span ToOriginal(Span span) const;
};

// Normalises text for matching: invalid UTF-8 bytes are replaced by U+FFFD,
// then Unicode NFKC with case folding (so full-width letters and digits become
// ASCII and upper case becomes lower case), then traditional Chinese
// characters are mapped to simplified ones (a per-character table generated
// from ICU's Traditional-Simplified transform at build time), marks typed for
// an apostrophe (’ ‘ ‛ ʼ ` ′) become ', and every run of
// white space becomes one character: "\n" when the run holds a line break
// (\n, \r, \v, \f, U+0085, U+2028, U+2029), else one ASCII space; leading and
// trailing white space is removed. So the lines of a pasted transcript stay
// apart: a pattern's `.` does not match "\n", and a bounded gap such as
// `.{0,6}` never joins the end of one line to the start of the next.
//
// A Normalizer is immutable and safe for concurrent use without external
// synchronization.
class TRIAGE_EXPORT Normalizer {
 public:
  // Returns a ready normaliser, or kInternal if ICU's normalisation data is
  // unavailable.
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create();

  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Normalises `input` (any bytes) and records where each output byte came
  // from. Never fails.
  NormalizedText Normalize(std::string_view input) const;
  // The same into *out, whose previous content is replaced; reuses its
  // capacity, so a caller normalising text after text allocates little.
  void Normalize(std::string_view input, NormalizedText* out) const;

  // Returns only the normalised text: the same as Normalize(input).text,
  // without the offset tables.
  std::string NormalizeText(std::string_view input) const;

 private:
  struct Rep;
  explicit Normalizer(std::unique_ptr<const Rep> rep);
  std::unique_ptr<const Rep> rep_;
};

}  // namespace triage

#endif  // TRIAGE_NORMALIZER_H_
