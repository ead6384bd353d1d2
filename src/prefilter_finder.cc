// The default engine. One RE2::Set over all patterns is slow on packs with
// bounded gaps (`a.{0,8}b`): its lazy DFA builds new states for nearly every
// new message. A set of plain literals has no such blow-up, so the set only
// holds the atoms FilteredRE2 extracts, and the table's entries run only
// where their atoms occur.
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
    if (table_.num_entries() == 0) return;
    std::vector<int> matched_atoms;
    RE2::Set::ErrorInfo info;
    if (!atoms_.Match(text, &matched_atoms, &info) &&
        info.kind != RE2::Set::kNoError) {
      // The DFA ran out of memory on a pathological text: fall back to
      // running every pattern, which is slow but exact.
      AllEntries(table_.num_entries(), out);
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
    AllEntries(n_, out);
  }

 private:
  int n_;
};

}  // namespace

void AllEntries(int n, std::vector<int>* out) {
  out->resize(n);
  std::iota(out->begin(), out->end(), 0);
}

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewPrefilterFinder(
    const PatternTable& table, int64_t max_mem) {
  auto finder = std::make_unique<PrefilterFinder>(table, max_mem);
  if (table.num_entries() > 0) {
    absl::Status status = finder->Init();
    if (!status.ok()) return status;
  }
  return std::unique_ptr<CandidateFinder>(std::move(finder));
}

std::unique_ptr<CandidateFinder> NewExhaustiveFinder(
    const PatternTable& table) {
  return std::make_unique<ExhaustiveFinder>(table.num_entries());
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
