// Expands small finite regexes into the fixed strings they match.
#ifndef TRIAGE_SRC_ENUMERATE_H_
#define TRIAGE_SRC_ENUMERATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace triage {
namespace internal {

// A fixed string with the context assertions RE2 checks at its ends.
struct Literal {
  std::string text;
  bool boundary_before = false;  // \b before the text
  bool boundary_after = false;   // \b after it
  bool at_start = false;         // ^: only at the start of the text
  bool at_end = false;           // $: only at its end

  // Finds the first occurrence starting at or after byte `pos` of `in` where
  // every assertion holds. Returns its start, or npos.
  size_t FindFrom(std::string_view in, size_t pos) const;
  // Whether it occurs at exactly byte `pos`, assertions included.
  bool MatchesAt(std::string_view in, size_t pos) const;
  // Whether its assertions hold for it at byte `pos` (its text being
  // there).
  bool AssertionsHoldAt(std::string_view in, size_t pos) const;
  // An RE2 pattern matching exactly where this literal does.
  std::string ToRegex() const;
  // The four assertions as bits (boundary_before 1, boundary_after 2,
  // at_start 4, at_end 8; 0: none), and back.
  uint8_t assertions() const {
    return static_cast<uint8_t>(boundary_before | boundary_after << 1 |
                                at_start << 2 | at_end << 3);
  }
  void set_assertions(uint8_t bits) {
    boundary_before = bits & 1;
    boundary_after = bits & 2;
    at_start = bits & 4;
    at_end = bits & 8;
  }

  bool operator==(const Literal& o) const {
    return text == o.text && boundary_before == o.boundary_before &&
           boundary_after == o.boundary_after && at_start == o.at_start &&
           at_end == o.at_end;
  }
};

// Bytes of the UTF-8 character starting at byte `i` of `s`: up to the next
// byte that is not a continuation byte.
size_t Utf8CharLength(std::string_view s, size_t i);

// Bytes of the valid UTF-8 character (no overlong form, surrogate or code
// point above U+10FFFF) starting at byte `i` of `s`; 0 when there is none.
size_t ValidUtf8CharLength(std::string_view s, size_t i);

// RE2's \b: an ASCII word character on exactly one side of byte `i`.
bool WordBoundary(std::string_view text, size_t i);

// Expands `pattern` (RE2 syntax, UTF-8) into the literals it matches, in
// RE2's leftmost-first preference order: of the literals that match at a
// given start, the first in the list is the one RE2 reports for the whole
// pattern there. Handles literal characters and escapes, \d and \s, groups,
// alternation, `?`/`??`, small counted repeats of a single atom, small
// character classes (not negated) and \b, ^, $ wherever they can be decided
// from the expansion or fall at its ends. Returns nullopt for anything else
// (`.`, \w, `*`, `+`, flags, ...) or when there would be more than `limit`
// literals. Literals that cannot match (e.g. \b between two word
// characters) are left out; an empty text is kept (the pattern matches "").
std::optional<std::vector<Literal>> EnumerateLiterals(std::string_view pattern,
                                                      size_t limit);

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_ENUMERATE_H_
