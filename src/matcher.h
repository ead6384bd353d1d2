// The private interface between the classifier and its matching engines.
#ifndef TRIAGE_SRC_MATCHER_H_
#define TRIAGE_SRC_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/filtered_re2.h"
#include "re2/re2.h"
#include "src/split_regex.h"

namespace triage {
namespace internal {

// Pattern index -> compiled RE2, shared by every engine: the classifier runs
// these to find spans, whatever engine found the candidates.
class PatternTable {
 public:
  // Compiles `patterns` (already expanded and normalised). `owner[i]` names
  // the rule of pattern i for error messages. Pattern i gets
  // MemoryShare(budget, size of pattern i, total_length) bytes. Returns
  // kResourceExhausted when a pattern does not fit its share,
  // kInvalidArgument when one does not compile.
  static absl::StatusOr<std::unique_ptr<PatternTable>> Create(
      const std::vector<std::string>& patterns,
      const std::vector<std::string>& owner, int64_t budget,
      size_t total_length);

  int size() const { return filter_.NumRegexps(); }
  const RE2& regex(int i) const { return filter_.GetRE2(i); }
  // Leftmost-first search for pattern i, fast on gap patterns.
  const SplitRegex& searcher(int i) const { return *searchers_[i]; }
  const std::string& pattern(int i) const { return patterns_[i]; }
  // The prefilter over all patterns (see PrefilterFinder).
  const re2::FilteredRE2& filter() const { return filter_; }
  const std::vector<std::string>& atoms() const { return atoms_; }

 private:
  PatternTable() = default;
  re2::FilteredRE2 filter_;
  std::vector<std::string> patterns_;
  std::vector<std::string> atoms_;
  std::vector<std::unique_ptr<SplitRegex>> searchers_;
};

// Replaces *out with every pattern index of a table of `n` patterns: the
// answer of a finder that cannot narrow the candidates down.
void AllPatterns(int n, std::vector<int>* out);

// Finds the patterns worth running on a normalised text.
class CandidateFinder {
 public:
  virtual ~CandidateFinder() = default;
  // Replaces *out with pattern indices, ascending: a superset of the
  // patterns that match `text`. Thread-safe.
  virtual void Find(std::string_view text, std::vector<int>* out) const = 0;
};

// RE2 engine: matches the literal atoms every pattern requires in one pass of
// an RE2::Set, then keeps only patterns whose atoms are present.
absl::StatusOr<std::unique_ptr<CandidateFinder>> NewPrefilterFinder(
    const PatternTable& table, int64_t max_mem);

// Reference engine: every pattern is a candidate (tests and baselines).
std::unique_ptr<CandidateFinder> NewExhaustiveFinder(const PatternTable& table);

// Hyperscan engine: the prefilter's literal stage in a Hyperscan literal
// database; same candidates as NewPrefilterFinder. kUnimplemented when not
// built in.
absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable& table);

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_MATCHER_H_
