// The default engine. One RE2::Set over all patterns is slow on packs with
// bounded gaps (`a.{0,8}b`): its lazy DFA builds new states for nearly every
// new message, one per pending gap length. Even without gaps, a set of
// thousands of regexes with optional parts and word boundaries keeps
// building states for new messages, each costing time in proportion to the
// set's size. A set of plain strings has the states of a string-matching
// automaton, few and small. So the set holds literals: the anchors of the
// spellings of the pieces each table entry requires (see
// PatternTable::anchor()), each text once and without its assertions; the
// table checks the assertions and confirms the whole spellings where their
// anchors occur, and keeps the entries whose pieces all occur.
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
      : table_(table), anchors_(PatternOptions(max_mem), RE2::UNANCHORED) {}

  absl::Status Init() {
    // The set holds each anchor text once, without assertions: a set
    // without assertions keeps fewer DFA states (LiteralsWithAnchors checks
    // the assertions).
    const PatternTable::AnchorTexts grouped = table_.GroupAnchorsByText();
    for (std::string_view text : grouped.texts) {
      std::string error;
      if (anchors_.Add(
              RE2::QuoteMeta(re2::StringPiece(text.data(), text.size())),
              &error) < 0) {
        return absl::InternalError(Cat("prefilter literal: ", error));
      }
    }
    text_anchors_ = FlatLists<int>(grouped.anchors);
    if (!anchors_.Compile()) {
      return absl::ResourceExhaustedError(
          "prefilter set does not fit the memory budget");
    }
    return absl::OkStatus();
  }

  void Find(std::string_view text, Candidates* out) const override {
    out->Clear();
    if (table_.num_entries() == 0) return;
    RE2::Set::ErrorInfo info;
    std::vector<int>& texts = out->set_matches;
    texts.clear();
    if (table_.num_anchors() > 0 && !anchors_.Match(text, &texts, &info) &&
        info.kind != RE2::Set::kNoError) {
      // The DFA ran out of memory on a pathological text: fall back to
      // running every entry, which is slow but exact.
      AllEntries(table_.num_entries(), out);
      return;
    }
    table_.LiteralsWithAnchors(text, texts, text_anchors_, &out->literals);
    table_.EntriesWithLiterals(out);
  }

 private:
  const PatternTable& table_;
  RE2::Set anchors_;             // one regex per distinct anchor text
  FlatLists<int> text_anchors_;  // set index -> the anchors with that text
};

class ExhaustiveFinder : public CandidateFinder {
 public:
  explicit ExhaustiveFinder(int n) : n_(n) {}
  void Find(std::string_view, Candidates* out) const override {
    AllEntries(n_, out);
  }

 private:
  int n_;
};

}  // namespace

void AllEntries(int n, Candidates* out) {
  out->entries.resize(n);
  std::iota(out->entries.begin(), out->entries.end(), 0);
  out->literals.clear();
  out->all_literals = true;
}

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewPrefilterFinder(
    const PatternTable& table, int64_t max_mem) {
  auto finder = std::make_unique<PrefilterFinder>(table, max_mem);
  if (table.num_anchors() > 0) {
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
    const PatternTable&, const std::string&) {
  return absl::UnimplementedError(
      "triage was built without Hyperscan (TRIAGE_WITH_HYPERSCAN=OFF)");
}
#endif

}  // namespace internal
}  // namespace triage
