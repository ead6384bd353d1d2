// Fast leftmost-first search for patterns with bounded gaps.
#ifndef TRIAGE_SRC_SPLIT_REGEX_H_
#define TRIAGE_SRC_SPLIT_REGEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "re2/re2.h"
#include "triage/normalizer.h"

namespace triage {
namespace internal {

// Returns the part of `pattern` before its first top-level gap (an atom such
// as `.` or `[^x]` followed by a quantifier), or "" when the pattern has no
// such gap, has a top-level alternation, or starts with one.
std::string GapHead(std::string_view pattern);

// A pattern HEAD .{min,max} TAIL: a head, a greedy gap of any characters
// but newline, and the rest.
struct GapSplit {
  std::string_view head;  // GapHead() of the pattern
  int min = 0;
  int max = 0;
  std::string_view tail;
};
// Splits `pattern` so when its first top-level gap is a bounded greedy `.`
// repeat (`.{m,n}`, `.{n}`, `.?`); nullopt otherwise (no head, `[^x]{0,5}`,
// `.*`, `.{0,5}?`...).
std::optional<GapSplit> SplitGap(std::string_view pattern);

// Splits `pattern` into its top-level alternatives, also splitting any
// alternative that is a whole non-capturing group `(?:...)`, recursively:
// `(?:a|b)|c` gives {a, b, c}; `(?:a|b)c` stays whole. A leftmost-first match
// of the pattern is the leftmost-starting match among the alternatives, the
// first alternative winning a tie, so the parts can be searched separately.
// Returns {pattern} when it cannot split safely (flag groups such as `(?i)`,
// unbalanced text).
std::vector<std::string> TopLevelAlternatives(std::string_view pattern);

// Splits `pattern` into its top-level atoms, each with the quantifier that
// follows it: `a(?:b|c)?.{0,6}` gives {a, (?:b|c)?, .{0,6}}. Returns nullopt
// when the pattern has a top-level alternation or a flag group (its atoms
// cannot be read separately) or does not parse.
std::optional<std::vector<std::string_view>> TopLevelAtoms(
    std::string_view pattern);

// Upper estimates of the number of instructions RE2 compiles patterns
// into, for deciding whether one fits a memory share without compiling it.
class ProgramSizeEstimator {
 public:
  // `class_size(atom)` gives the program size of one character-class atom
  // (`.`, `[...]`, `\w`, `\p{Han}`...) compiled alone, or -1.
  explicit ProgramSizeEstimator(
      std::function<int64_t(std::string_view)> class_size)
      : class_size_(std::move(class_size)) {}

  // The estimate for `pattern`; -1 when it is not understood (flag groups,
  // bad syntax).
  int64_t Estimate(std::string_view pattern);

 private:
  std::function<int64_t(std::string_view)> class_size_;
};

// Whether `pattern` might match the empty string: false only when every
// alternative has an atom that must match at least one character.
bool MightMatchEmpty(std::string_view pattern);

// Searches like RE2's unanchored leftmost-first Match, with identical
// results, but quickly on patterns of the form HEAD GAP TAIL. An unanchored
// search for `a.{0,20}b` makes RE2's lazy DFA build new states for nearly
// every new text (one thread per pending gap length); searching for HEAD
// alone has no gap, and the full pattern is then tried anchored at each place
// HEAD starts, where its DFA states repeat from text to text.
//
// Why the results are identical: every match of HEAD GAP TAIL starting at s
// begins with a match of HEAD starting at s, so the leftmost start of the
// whole pattern is the first HEAD start at which the anchored pattern
// matches, and an anchored leftmost-first match at that start is the one
// RE2's unanchored search reports.
//
// Thread-safe; `full` must outlive this object.
class SplitRegex {
 public:
  // `head` is GapHead() of the source `full` was compiled from (empty: no
  // split, plain RE2 search); `options` are used for the head regex.
  SplitRegex(const RE2* full, const std::string& head,
             const RE2::Options& options);

  // Finds the leftmost-first match of the full pattern that starts at or
  // after byte `pos` of `text` (the rest of `text` is context for ^ and \b).
  bool FindFrom(std::string_view text, size_t pos, Span* span) const;

  bool split() const { return head_ != nullptr; }

 private:
  const RE2* full_;
  std::unique_ptr<RE2> head_;
};

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_SPLIT_REGEX_H_
