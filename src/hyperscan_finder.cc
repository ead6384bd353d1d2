// Hyperscan/Vectorscan engine for the literal stage of the prefilter: one
// Hyperscan literal database finds which of FilteredRE2's atoms occur in the
// text, in place of the RE2::Set the default engine uses; FilteredRE2 then
// names the candidate table entries, which the pattern table searches.
//
// Why not compile the pack's full patterns into Hyperscan: the default pack's
// lexicon-expanded patterns with bounded gaps over UTF-8 take Hyperscan
// seconds each to compile (minutes for the pack, even with
// HS_FLAG_PREFILTER), far beyond what Classifier::Create may cost. Literals
// compile in milliseconds, and since both engines derive candidates from the
// same atoms, they give identical results by construction.
#include <hs/hs.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/status/status.h"
#include "src/matcher.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

class HyperscanFinder : public CandidateFinder {
 public:
  explicit HyperscanFinder(const PatternTable& table) : table_(table) {}
  ~HyperscanFinder() override {
    for (hs_scratch_t* s : pool_) hs_free_scratch(s);
    if (db_ != nullptr) hs_free_database(db_);
  }

  absl::Status Init() {
    const std::vector<std::string>& atoms = table_.atoms();
    if (atoms.empty()) return absl::OkStatus();
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags(atoms.size(), HS_FLAG_SINGLEMATCH), ids;
    for (size_t i = 0; i < atoms.size(); ++i) {
      exprs.push_back(atoms[i].data());
      lens.push_back(atoms[i].size());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(),
                             lens.data(), static_cast<unsigned>(atoms.size()),
                             HS_MODE_BLOCK, nullptr, &db_,
                             &err) != HS_SUCCESS) {
      absl::Status s = absl::ResourceExhaustedError(
          Cat("Hyperscan literal compile failed: ", err ? err->message : "?"));
      hs_free_compile_error(err);
      return s;
    }
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(db_, &scratch) != HS_SUCCESS) {
      return absl::ResourceExhaustedError(
          "Hyperscan scratch allocation failed");
    }
    pool_.push_back(scratch);
    return absl::OkStatus();
  }

  // Literal mode matches bytes, so any input is well defined; the text is
  // normalised (valid UTF-8) anyway.
  void Find(std::string_view text, std::vector<int>* out) const override {
    out->clear();
    if (table_.num_entries() == 0) return;
    std::vector<int> atoms;
    hs_scratch_t* scratch = db_ != nullptr ? Acquire() : nullptr;
    if (db_ != nullptr && scratch == nullptr) {  // Out of memory: run all.
      AllEntries(table_.num_entries(), out);
      return;
    }
    if (scratch != nullptr) {
      hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
              &OnMatch, &atoms);
      Release(scratch);
    }
    table_.filter().AllPotentials(atoms, out);
    std::sort(out->begin(), out->end());
  }

 private:
  static int OnMatch(unsigned id, unsigned long long, unsigned long long,
                     unsigned, void* ctx) {
    static_cast<std::vector<int>*>(ctx)->push_back(static_cast<int>(id));
    return 0;
  }

  // Scratch space is per scan; a small pool lets threads share the finder.
  hs_scratch_t* Acquire() const {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!pool_.empty()) {
        hs_scratch_t* s = pool_.back();
        pool_.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_alloc_scratch(db_, &s) != HS_SUCCESS) return nullptr;
    return s;
  }
  void Release(hs_scratch_t* s) const {
    std::lock_guard<std::mutex> lock(mu_);
    pool_.push_back(s);
  }

  const PatternTable& table_;
  hs_database_t* db_ = nullptr;
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch_t*> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable& table) {
  auto finder = std::make_unique<HyperscanFinder>(table);
  absl::Status status = finder->Init();
  if (!status.ok()) return status;
  return std::unique_ptr<CandidateFinder>(std::move(finder));
}

}  // namespace internal
}  // namespace triage
