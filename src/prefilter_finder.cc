// The default engine. One RE2::Set over all patterns is slow on packs with
// bounded gaps (`a.{0,8}b`): its lazy DFA builds new states for nearly every
// new message. A set of plain literals has no such blow-up, so the set only
// holds the atoms FilteredRE2 extracts, and the full patterns run only where
// their atoms occur.
#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "re2/set.h"
#include "src/matcher.h"
#include "src/pattern.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

// Atoms shorter than this are not used for filtering (the pattern then runs
// on every message): one CJK character is 3 bytes.
constexpr int kMinAtomLen = 2;

class PrefilterFinder : public CandidateFinder {
 public:
  PrefilterFinder(const PatternTable& table, int64_t max_mem)
      : table_(table), atoms_(PatternOptions(max_mem), RE2::UNANCHORED) {}

  absl::Status Init() {
    for (const std::string& atom : table_.atoms()) {
      std::string error;
      if (atoms_.Add(RE2::QuoteMeta(atom), &error) < 0) {
        return absl::InternalError(Cat("prefilter atom: ", error));
      }
    }
    if (!atoms_.Compile()) {
      return absl::ResourceExhaustedError(
          "prefilter atom set does not fit the memory budget");
    }
    return absl::OkStatus();
  }

  void Find(std::string_view text, std::vector<int>* out) const override {
    out->clear();
    if (table_.size() == 0) return;
    std::vector<int> matched_atoms;
    RE2::Set::ErrorInfo info;
    if (!atoms_.Match(text, &matched_atoms, &info) &&
        info.kind != RE2::Set::kNoError) {
      // The DFA ran out of memory on a pathological text: fall back to
      // running every pattern, which is slow but exact.
      AllPatterns(table_.size(), out);
      return;
    }
    table_.filter().AllPotentials(matched_atoms, out);
    std::sort(out->begin(), out->end());
  }

 private:
  const PatternTable& table_;
  RE2::Set atoms_;
};

class ExhaustiveFinder : public CandidateFinder {
 public:
  explicit ExhaustiveFinder(int n) : n_(n) {}
  void Find(std::string_view, std::vector<int>* out) const override {
    AllPatterns(n_, out);
  }

 private:
  int n_;
};

}  // namespace

void AllPatterns(int n, std::vector<int>* out) {
  out->resize(n);
  std::iota(out->begin(), out->end(), 0);
}

absl::StatusOr<std::unique_ptr<PatternTable>> PatternTable::Create(
    const std::vector<std::string>& patterns,
    const std::vector<std::string>& owner, int64_t budget,
    size_t total_length) {
  std::unique_ptr<PatternTable> table(new PatternTable());
  table->filter_ = re2::FilteredRE2(kMinAtomLen);
  std::vector<SplitShare> shares;
  std::vector<std::string> heads;
  for (size_t i = 0; i < patterns.size(); ++i) {
    heads.push_back(GapHead(patterns[i]));
    shares.push_back(ShareBetweenFullAndHead(
        MemoryShare(budget, patterns[i].size(), total_length),
        !heads[i].empty()));
    int id = 0;
    RE2::ErrorCode code =
        table->filter_.Add(patterns[i], PatternOptions(shares[i].full), &id);
    if (code == RE2::ErrorPatternTooLarge) {
      return absl::ResourceExhaustedError(
          Cat("rule '", owner[i], "': pattern does not fit its memory share (",
              shares[i].full, " bytes): ", patterns[i]));
    }
    if (code != RE2::NoError) {
      return absl::InvalidArgumentError(Cat(
          "rule '", owner[i], "': pattern does not compile: ", patterns[i]));
    }
  }
  table->patterns_ = patterns;
  for (size_t i = 0; i < patterns.size(); ++i) {
    table->searchers_.push_back(std::make_unique<SplitRegex>(
        &table->filter_.GetRE2(static_cast<int>(i)), heads[i],
        PatternOptions(std::max<int64_t>(shares[i].head, 1))));
  }
  if (!patterns.empty()) table->filter_.Compile(&table->atoms_);
  return table;
}

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewPrefilterFinder(
    const PatternTable& table, int64_t max_mem) {
  auto finder = std::make_unique<PrefilterFinder>(table, max_mem);
  if (table.size() > 0) {
    absl::Status status = finder->Init();
    if (!status.ok()) return status;
  }
  return std::unique_ptr<CandidateFinder>(std::move(finder));
}

std::unique_ptr<CandidateFinder> NewExhaustiveFinder(
    const PatternTable& table) {
  return std::make_unique<ExhaustiveFinder>(table.size());
}

#ifndef TRIAGE_WITH_HYPERSCAN
absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable&) {
  return absl::UnimplementedError(
      "triage was built without Hyperscan (TRIAGE_WITH_HYPERSCAN=OFF)");
}
#endif

}  // namespace internal
}  // namespace triage
