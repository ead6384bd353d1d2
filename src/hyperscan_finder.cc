// Hyperscan/Vectorscan engine for the prefilter: one Hyperscan literal
// database finds the table's anchors (see PatternTable::anchor()) in place
// of the default engine's hash lookups; the table confirms its literals
// where the anchors occur and names the candidate entries, exactly as for
// the default engine. The database holds each distinct anchor text once; the
// assertions some literals carry (\b, ^, $) are checked at each occurrence
// Hyperscan reports.
//
// Why not compile the pack's full patterns into Hyperscan: the default pack's
// lexicon-expanded patterns with bounded gaps over UTF-8 take Hyperscan
// seconds each to compile (minutes for the pack, even with
// HS_FLAG_PREFILTER), far beyond what Classifier::Create may cost. Literals
// compile in milliseconds, and since both engines report the same literals,
// they give identical results by construction.
#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "src/file_cache.h"
#include "src/fingerprint.h"
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

  absl::Status Init(const std::string& cache_dir) {
    // Distinct texts; each lists the anchors with it.
    PatternTable::AnchorTexts grouped = table_.GroupAnchorsByText();
    texts_ = std::move(grouped.texts);
    by_text_ = FlatLists<int>(grouped.anchors);
    if (texts_.empty()) return absl::OkStatus();
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags(texts_.size(), 0), ids;
    for (size_t i = 0; i < texts_.size(); ++i) {
      exprs.push_back(texts_[i].data());
      lens.push_back(texts_[i].size());
      ids.push_back(static_cast<unsigned>(i));
    }
    const std::string cache =
        cache_dir.empty() ? "" : CacheFile(cache_dir, texts_);
    if (!cache.empty()) Load(cache);
    hs_compile_error_t* err = nullptr;
    if (db_ == nullptr &&
        hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(),
                             lens.data(), static_cast<unsigned>(texts_.size()),
                             HS_MODE_BLOCK, nullptr, &db_,
                             &err) != HS_SUCCESS) {
      absl::Status s = absl::ResourceExhaustedError(
          Cat("Hyperscan literal compile failed: ", err ? err->message : "?"));
      hs_free_compile_error(err);
      return s;
    }
    if (!cache.empty() && !loaded_) Save(cache);
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
  void Find(std::string_view text, Candidates* out) const override {
    out->Clear();
    if (table_.num_entries() == 0) return;
    if (db_ != nullptr) {
      hs_scratch_t* scratch = Acquire();
      if (scratch == nullptr) {  // Out of memory: run all.
        AllEntries(table_.num_entries(), out);
        return;
      }
      Scan scan{this, text, &out->literals};
      hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
              &OnMatch, &scan);
      Release(scratch);
    }
    table_.EntriesWithLiterals(out);
  }

 private:
  // The cache file for a database of `texts`: a fingerprint of the texts
  // (in order) and of the Hyperscan version.
  static std::string CacheFile(const std::string& dir,
                               const std::vector<std::string_view>& texts) {
    Fingerprint fp;
    fp.Add(hs_version());
    for (std::string_view t : texts) fp.Add(t);
    return CacheFilePath(dir, "triage-hs", fp.digest(), ".db");
  }

  // Loads a serialised database; leaves db_ null when there is none or it
  // does not load (another platform or version, a damaged file).
  void Load(const std::string& path) {
    const std::optional<std::string> bytes = ReadCacheFile(path);
    if (!bytes || hs_deserialize_database(bytes->data(), bytes->size(),
                                          &db_) != HS_SUCCESS) {
      db_ = nullptr;
      return;
    }
    loaded_ = true;
  }

  // Writes db_ to `path` (see WriteCacheFile); failures only mean no
  // cache.
  void Save(const std::string& path) const {
    char* bytes = nullptr;
    size_t length = 0;
    if (hs_serialize_database(db_, &bytes, &length) != HS_SUCCESS) return;
    WriteCacheFile(path, std::string_view(bytes, length));
    std::free(bytes);
  }

  struct Scan {
    const HyperscanFinder* finder;
    std::string_view text;
    std::vector<int>* literals;
  };
  // Called at each occurrence of an anchor text: keeps the literals of the
  // anchors with that text that occur there, assertions included.
  static int OnMatch(unsigned id, unsigned long long, unsigned long long to,
                     unsigned, void* ctx) {
    const Scan& scan = *static_cast<const Scan*>(ctx);
    const size_t start = to - scan.finder->texts_[id].size();
    scan.finder->table_.LiteralsAt(scan.text, scan.finder->by_text_[id],
                                    start, scan.literals);
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
  std::vector<std::string_view> texts_;    // Distinct anchor texts.
  FlatLists<int> by_text_;                 // Text -> anchors.
  hs_database_t* db_ = nullptr;
  bool loaded_ = false;  // db_ came from the cache.
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch_t*> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable& table, const std::string& cache_dir) {
  auto finder = std::make_unique<HyperscanFinder>(table);
  absl::Status status = finder->Init(cache_dir);
  if (!status.ok()) return status;
  return std::unique_ptr<CandidateFinder>(std::move(finder));
}

}  // namespace internal
}  // namespace triage
