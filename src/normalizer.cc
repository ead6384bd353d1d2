#include "triage/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bitset>
#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/str_cat.h"

namespace triage {
using internal::Cat;
namespace {

struct T2sPair {
  uint32_t from;
  uint32_t to;
};

// Generated at build time from ICU's Traditional-Simplified transform.
constexpr T2sPair kT2s[] = {
#include "t2s_table.inc"
};

// The BMP characters kT2s maps, for skipping its search for all others.
using T2sFilter = std::bitset<0x10000>;

std::unique_ptr<T2sFilter> MakeT2sFilter() {
  auto filter = std::make_unique<T2sFilter>();
  for (const T2sPair& p : kT2s) {
    if (p.from < filter->size()) filter->set(p.from);
  }
  return filter;
}

UChar32 ToSimplified(UChar32 c, const T2sFilter& filter) {
  if (c < 0x3400) return c;  // Below every Han block: the common fast path.
  if (c < 0x10000 && !filter.test(static_cast<size_t>(c))) return c;
  const T2sPair* it = std::lower_bound(
      std::begin(kT2s), std::end(kT2s), static_cast<uint32_t>(c),
      [](const T2sPair& p, uint32_t v) { return p.from < v; });
  return (it != std::end(kT2s) && it->from == static_cast<uint32_t>(c))
             ? static_cast<UChar32>(it->to)
             : c;
}

// Marks typed for an apostrophe (curly quotes, modifier letter, grave
// accent, prime) become the ASCII one, so "don’t" reads as "don't".
UChar32 FoldApostrophe(UChar32 c) {
  switch (c) {
    case 0x0060:  // `
    case 0x02BC:  // ʼ
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0x2032:  // ′
      return '\'';
    default:
      return c;
  }
}

// The white space that ends a line: a run of white space holding one of
// these becomes a line break.
bool IsLineBreak(UChar32 c) {
  return (c >= '\n' && c <= '\r') || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool IsSpace(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  // No white space among the Han ideographs (the bulk of the text).
  if (c >= 0x3400 && c <= 0x9FFF) return false;
  return u_isUWhiteSpace(c);
}

// Per-byte source ranges of a text derived from another one.
struct ByteMap {
  std::vector<uint32_t> begin;
  std::vector<uint32_t> end;
  void Reserve(size_t n) {
    begin.reserve(n);
    end.reserve(n);
  }
  // Mostly called with n of 1 to 4: a loop beats vector::insert.
  void Push(uint32_t b, uint32_t e, size_t n) {
    for (size_t k = 0; k < n; ++k) {
      begin.push_back(b);
      end.push_back(e);
    }
  }
  // n bytes copied unchanged from `from` on: each from its own byte.
  void PushCopied(uint32_t from, size_t n) {
    const size_t old = begin.size();
    begin.resize(old + n);
    end.resize(old + n);
    for (size_t k = 0; k < n; ++k) {
      begin[old + k] = from + static_cast<uint32_t>(k);
      end[old + k] = from + static_cast<uint32_t>(k) + 1;
    }
  }
};

// Replaces invalid UTF-8 sequences by U+FFFD. Returns false (and leaves `out`
// alone) when the input is already valid, which is the common case.
bool Sanitize(std::string_view in, std::string* out, ByteMap* map) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(in.size());
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  bool valid = true;
  while (i < n && valid) {
    if (s[i] < 0x80) {  // ASCII needs no decoding
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    valid = c >= 0;
  }
  if (valid) return false;
  out->reserve(in.size() + 8);
  for (i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    const size_t before = out->size();
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    out->append(buf, len);
    if (map != nullptr) map->Push(start, i, out->size() - before);
  }
  return true;
}

// Fills `map` with, for each byte of ICU's output, the source byte range it
// was produced from.
void MapEdits(const icu::Edits& edits, ByteMap* map) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(status)) {
    const uint32_t src = it.sourceIndex();
    if (it.hasChange()) {
      map->Push(src, src + it.oldLength(), it.newLength());
    } else {
      map->PushCopied(src, it.newLength());
    }
  }
}

}  // namespace

Span NormalizedText::ToOriginal(Span span) const {
  if (span.begin >= span.end) {
    const size_t pos = span.begin < source_begin.size()
                           ? source_begin[span.begin]
                           : (source_end.empty() ? 0 : source_end.back());
    return {pos, pos};
  }
  return {source_begin[span.begin], source_end[span.end - 1]};
}

struct Normalizer::Rep {
  const icu::Normalizer2* nfkc_cf = nullptr;  // Owned by ICU, never freed.
  std::unique_ptr<const T2sFilter> traditional = MakeT2sFilter();
};

Normalizer::Normalizer(std::unique_ptr<const Rep> rep) : rep_(std::move(rep)) {}
Normalizer::~Normalizer() = default;

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  auto rep = std::make_unique<Rep>();
  rep->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || rep->nfkc_cf == nullptr) {
    return absl::InternalError(
        Cat("ICU NFKC_Casefold unavailable: ", u_errorName(status)));
  }
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(rep)));
}

namespace {

// No simplified form takes more UTF-8 bytes than its traditional one, so
// folding never makes a text longer (FoldAndSimplify relies on it).
constexpr bool SimplifiedNeverLonger() {
  for (const T2sPair& p : kT2s) {
    if (U8_LENGTH(p.to) > U8_LENGTH(p.from)) return false;
  }
  return true;
}
static_assert(SimplifiedNeverLonger(), "a simplified form is longer");

// Where the bytes of FoldAndSimplify's input came from: themselves (the
// input is the text given), or ICU's map (the input is ICU's output).
struct SameBytes {
  uint32_t begin(int32_t k) const { return static_cast<uint32_t>(k); }
  uint32_t end(int32_t k) const { return static_cast<uint32_t>(k) + 1; }
};
struct MappedBytes {
  const ByteMap& map;
  uint32_t begin(int32_t k) const { return map.begin[k]; }
  uint32_t end(int32_t k) const { return map.end[k]; }
};

// Maps Han characters to simplified and folds white space in `in` (valid
// UTF-8: a run with a line break to "\n", any other to " "), replacing
// *out, and records in `out_map` (empty) for each output byte the original
// range: `source`'s ranges of the input bytes it came from.
template <typename Source>
void FoldAndSimplify(std::string_view in, const Source& source,
                     const T2sFilter& traditional, std::string* out,
                     ByteMap* out_map) {
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  const int32_t n = static_cast<int32_t>(in.size());
  // Written in place: the output is never longer than the input (white
  // space only shrinks, characters map to ones no longer), and is cut to
  // size at the end.
  out->resize(in.size());
  auto* const o = reinterpret_cast<uint8_t*>(out->data());
  out_map->begin.resize(in.size());
  out_map->end.resize(in.size());
  uint32_t* const map_begin = out_map->begin.data();
  uint32_t* const map_end = out_map->end.data();
  int32_t w = 0;  // bytes written
  bool pending_space = false;
  bool pending_break = false;  // The pending run holds a line break.
  // Source range of the pending white-space run. Taken from the white space
  // itself, not the gap between its neighbours: NFKC makes some characters
  // (U+02DC SMALL TILDE -> " \u0303") yield a space and a letter together.
  uint32_t space_begin = 0;
  uint32_t space_end = 0;
  // Records that output bytes [from, w) came from source range [b, e).
  auto map_from = [&](int32_t from, uint32_t b, uint32_t e) {
    for (int32_t k = from; k < w; ++k) {
      map_begin[k] = b;
      map_end[k] = e;
    }
  };
  // Writes the pending run's space (it stands for the whole run).
  auto flush_space = [&] {
    map_begin[w] = space_begin;
    map_end[w] = space_end;
    o[w++] = pending_break ? '\n' : ' ';
    pending_space = false;
    pending_break = false;
  };
  for (int32_t i = 0; i < n;) {
    const uint8_t lead = s[i];
    if (lead > ' ' && lead < 0x80 && lead != '`' && !pending_space) {
      // Printable ASCII other than ` (an apostrophe, see FoldApostrophe)
      // stays as it is: the common case, without decoding.
      map_begin[w] = source.begin(i);
      map_end[w] = source.end(i);
      o[w++] = s[i++];
      continue;
    }
    if (lead >= 0xE4 && lead <= 0xE9) {
      // U+4000..U+9FFF, three bytes (the input is valid UTF-8): the bulk of
      // Chinese text, nearly all Han; none is white space or an apostrophe,
      // so only the traditional-to-simplified map applies.
      if (pending_space) flush_space();
      const UChar32 c =
          ((lead & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      const int32_t before = w;
      if (!traditional.test(static_cast<size_t>(c))) {
        o[w] = lead;
        o[w + 1] = s[i + 1];
        o[w + 2] = s[i + 2];
        w += 3;
      } else {
        const UChar32 simplified = ToSimplified(c, traditional);
        U8_APPEND_UNSAFE(o, w, simplified);
      }
      map_from(before, source.begin(i), source.end(i + 2));
      i += 3;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_UNSAFE(s, i, c);
    if (IsSpace(c)) {
      if (w == 0) continue;  // Leading white space is dropped.
      if (!pending_space) space_begin = source.begin(start);
      space_end = source.end(i - 1);
      pending_space = true;
      pending_break = pending_break || IsLineBreak(c);
      continue;
    }
    if (pending_space) flush_space();
    const UChar32 folded = FoldApostrophe(ToSimplified(c, traditional));
    const int32_t before = w;
    if (folded == c) {
      for (int32_t k = start; k < i; ++k) o[w++] = s[k];
    } else {
      U8_APPEND_UNSAFE(o, w, folded);
    }
    map_from(before, source.begin(start), source.end(i - 1));
  }
  out->resize(w);
  out_map->begin.resize(w);
  out_map->end.resize(w);
}

}  // namespace

NormalizedText Normalizer::Normalize(std::string_view input) const {
  NormalizedText result;
  Normalize(input, &result);
  return result;
}

void Normalizer::Normalize(std::string_view input,
                           NormalizedText* result) const {
  std::string sanitized;
  ByteMap sanitize_map;
  if (Sanitize(input, &sanitized, &sanitize_map)) input = sanitized;

  // Most messages are already in NFKC_Casefold form: then ICU's output
  // would be the input, byte for byte, and is not made. On ASCII text
  // NFKC_Casefold only lowers A-Z, byte for byte: done here, without ICU.
  const icu::StringPiece piece(input.data(),
                               static_cast<int32_t>(input.size()));
  UErrorCode status = U_ZERO_ERROR;
  std::string folded;
  bool unchanged = false;
  bool lowered = false;
  if (std::all_of(input.begin(), input.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80;
      })) {
    unchanged = std::none_of(input.begin(), input.end(),
                             [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!unchanged) {
      folded.assign(input);
      for (char& c : folded) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      lowered = true;
    }
  } else {
    unchanged =
        rep_->nfkc_cf->isNormalizedUTF8(piece, status) && U_SUCCESS(status);
  }
  ByteMap icu_map;
  if (!unchanged && !lowered) {
    status = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&folded,
                                          static_cast<int32_t>(input.size()));
    icu::Edits edits;
    rep_->nfkc_cf->normalizeUTF8(0, piece, sink, &edits, status);
    // Failure cannot happen for valid UTF-8 short of memory exhaustion;
    // then the unnormalised text is classified rather than none.
    unchanged = U_FAILURE(status);
    if (!unchanged) {
      icu_map.Reserve(folded.size());
      MapEdits(edits, &icu_map);
    }
  }

  // The map is built in result's vectors, keeping their capacity.
  ByteMap out_map;
  out_map.begin = std::move(result->source_begin);
  out_map.end = std::move(result->source_end);
  out_map.begin.clear();
  out_map.end.clear();
  result->text.clear();
  // (Lowering keeps every byte in place: no map needed either.)
  const bool same_places = unchanged || lowered;
  const std::string_view source = unchanged ? input : folded;
  if (same_places) {
    FoldAndSimplify(source, SameBytes(), *rep_->traditional, &result->text,
                    &out_map);
  } else {
    FoldAndSimplify(source, MappedBytes{icu_map}, *rep_->traditional,
                    &result->text, &out_map);
  }
  if (!sanitized.empty()) {
    for (size_t k = 0; k < out_map.begin.size(); ++k) {
      out_map.begin[k] = sanitize_map.begin[out_map.begin[k]];
      out_map.end[k] = sanitize_map.end[out_map.end[k] - 1];
    }
  }
  result->source_begin = std::move(out_map.begin);
  result->source_end = std::move(out_map.end);
}

std::string Normalizer::NormalizeText(std::string_view input) const {
  return Normalize(input).text;
}

}  // namespace triage
