// Pattern and template text helpers shared by the pack loader and the
// classifier.
#ifndef TRIAGE_SRC_PATTERN_H_
#define TRIAGE_SRC_PATTERN_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/re2.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {

// Replaces every {name} in `pattern` by (?:t1|t2|...) of lexicon `name`.
// Returns kInvalidArgument naming the lexicon when it is unknown. `{` followed
// by a digit or comma (a repeat count) and escaped `\{` are left alone.
absl::StatusOr<std::string> ExpandLexicons(
    std::string_view pattern, const std::map<std::string, const Lexicon*>& lex);

// Normalises the literal text of an RE2 pattern with `normalizer` while
// leaving escape sequences (\D, \S, \p{Han}, \x{...}) untouched, so patterns
// see the same text the input does.
std::string NormalizePattern(std::string_view pattern,
                             const Normalizer& normalizer);

// How the pattern memory budget is shared: in proportion to pattern length
// (a proxy for program size, which is what RE2's DFA states scale with), so
// a long lexicon alternation gets the room its DFA cache needs. Returns
// `budget` * `length` / `total_length`, at least 1.
int64_t MemoryShare(int64_t budget, size_t length, size_t total_length);

// Splits a pattern's share between its full regex and, when it has a gap
// head (see split_regex.h), the head regex: two thirds and one third.
struct SplitShare {
  int64_t full;
  int64_t head;
};
SplitShare ShareBetweenFullAndHead(int64_t share, bool has_head);

// The RE2 options every pack pattern is compiled with.
RE2::Options PatternOptions(int64_t max_mem);

// Calls `fn` with the name of every {placeholder} in a step text.
void ForEachPlaceholder(std::string_view text,
                        const std::function<void(std::string_view)>& fn);

// Replaces each {placeholder} by lookup(name); unknown names are left as is.
std::string FillPlaceholders(
    std::string_view text,
    const std::function<const std::string*(std::string_view)>& lookup);

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_PATTERN_H_
