// Hyperscan/Vectorscan engine: one database over all patterns reports exactly
// which patterns match, in one pass. Spans still come from RE2 (see
// classifier.cc), so both engines give identical results as long as
// Hyperscan reports every pattern RE2 would match; patterns Hyperscan cannot
// compile are always handed to RE2 instead.
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

// HS_FLAG_UCP is not used: it rejects \b, and pack patterns are matched on
// case-folded text, so neither Unicode classes nor caseless mode are needed.
constexpr unsigned kFlags = HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH;

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

class HyperscanFinder : public CandidateFinder {
 public:
  ~HyperscanFinder() override {
    for (hs_scratch_t* s : pool_) hs_free_scratch(s);
    if (db_ != nullptr) hs_free_database(db_);
  }

  absl::Status Init(const PatternTable& table) {
    n_ = table.size();
    std::vector<int> ids;
    for (int i = 0; i < n_; ++i) ids.push_back(i);
    // Compile all at once; a pattern Hyperscan rejects is moved to always_
    // and the rest compiled again (rejections are rare, so this loop is short).
    while (!ids.empty()) {
      std::vector<const char*> exprs;
      std::vector<unsigned> flags(ids.size(), kFlags), hs_ids;
      for (int i : ids) {
        exprs.push_back(table.pattern(i).c_str());
        hs_ids.push_back(static_cast<unsigned>(i));
      }
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(exprs.data(), flags.data(), hs_ids.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                           nullptr, &db_, &err) == HS_SUCCESS) {
        break;
      }
      const int bad = err != nullptr ? err->expression : -1;
      absl::Status s = absl::ResourceExhaustedError(
          Cat("Hyperscan compile failed: ", err ? err->message : "unknown"));
      hs_free_compile_error(err);
      if (bad < 0 || bad >= static_cast<int>(ids.size())) return s;
      always_.push_back(ids[bad]);
      ids.erase(ids.begin() + bad);
    }
    std::sort(always_.begin(), always_.end());
    if (db_ == nullptr) return absl::OkStatus();
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(db_, &scratch) != HS_SUCCESS) {
      return absl::ResourceExhaustedError("Hyperscan scratch allocation failed");
    }
    pool_.push_back(scratch);
    return absl::OkStatus();
  }

  void Find(std::string_view text, std::vector<int>* out) const override {
    out->assign(always_.begin(), always_.end());
    if (db_ == nullptr) return;
    if (!IsValidUtf8(text)) {  // Hyperscan is undefined on invalid UTF-8.
      out->resize(n_);
      for (int i = 0; i < n_; ++i) (*out)[i] = i;
      return;
    }
    hs_scratch_t* scratch = Acquire();
    if (scratch == nullptr) {
      out->resize(n_);
      for (int i = 0; i < n_; ++i) (*out)[i] = i;
      return;
    }
    hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
            &OnMatch, out);
    Release(scratch);
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

  int n_ = 0;
  hs_database_t* db_ = nullptr;
  std::vector<int> always_;  // Patterns Hyperscan could not compile.
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch_t*> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable& table) {
  auto finder = std::make_unique<HyperscanFinder>();
  absl::Status status = finder->Init(table);
  if (!status.ok()) return status;
  return std::unique_ptr<CandidateFinder>(std::move(finder));
}

}  // namespace internal
}  // namespace triage
