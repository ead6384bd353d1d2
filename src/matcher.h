// The private interface between the classifier and its matching engines.
#ifndef TRIAGE_SRC_MATCHER_H_
#define TRIAGE_SRC_MATCHER_H_

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "re2/re2.h"
#include "src/enumerate.h"
#include "src/flat_lists.h"
#include "src/split_regex.h"

namespace triage {
namespace internal {

class PieceFinder;    // pattern_table.cc
class PieceRegistry;  // pattern_table.cc
struct UnitDrafts;    // pattern_table.cc
class PlanReader;     // pattern_table_plan.cc
struct Candidates;

// The pack's patterns, compiled for fast search. Each pattern is split into
// its top-level alternatives (see TopLevelAlternatives), and an alternative
// with a gap head (see GapHead) into the alternatives of its head, so a
// lexicon term that many patterns share is compiled once and searched at
// most once per message. The regexes compiled ("entries") are deduplicated:
//   - leaf: searched unanchored (a term, or an alternative without a head);
//   - full: an alternative with a gap head, run anchored at each place one
//     of its head leaves starts.
// Candidate finders name entries by index, from the literals the entries
// require (see literals()).
class PatternTable {
 public:
  // Plans `patterns` (already expanded, normalised and syntax-checked, as
  // the pack loader does). `owner[i]` names the rule of pattern i for error
  // messages. The entries share two thirds of `budget` bytes of RE2 memory
  // in proportion to their length (plus a fixed part per entry), their
  // shares; the rest is a pool each entry takes a part of when it is compiled
  // on first use (see kPoolPart in pattern_table.cc). Entries are compiled on
  // first use, except those an estimate of their program size cannot show
  // to fit their share: Create compiles those, and returns
  // kResourceExhausted when one does not fit, kInvalidArgument when one
  // does not compile. (Should a lazily compiled entry still not fit, it is
  // compiled with the whole budget rather than fail; one with bad syntax
  // never matches.)
  //
  // `plan` may hold what SerializePlan() returned for a table of the same
  // patterns and budget (the library embeds the default pack's, made when
  // it was built): Create then takes the plan from it instead of computing
  // it again, with the same result and the same errors. A plan for other
  // patterns or budget, or a damaged one, is ignored.
  static absl::StatusOr<std::unique_ptr<PatternTable>> Create(
      const std::vector<std::string>& patterns,
      const std::vector<std::string>& owner, int64_t budget,
      std::string_view plan = {});

  // The plan (entries, literals, anchors, requirements) as bytes for a later
  // Create of the same patterns and budget. Call it before classifying:
  // entries compiled since Create are written from their regexes.
  std::string SerializePlan() const;
  // Whether Create took the plan it was given.
  bool loaded_plan() const { return loaded_plan_; }
  // What a plan is for: a fingerprint of the plan format, the patterns and
  // the budget (a cache key for plans).
  static uint64_t PlanKey(const std::vector<std::string>& patterns,
                          int64_t budget);
  // How many entries Create compiled to check that they fit (see Create).
  int num_checked() const { return static_cast<int>(checked_.size()); }
  // The RE2 memory (max_mem) given so far to the entries compiled: at most
  // the budget, unless an entry did not fit its share and the pool's part
  // (see Create).
  int64_t granted_memory() const {
    return granted_.load(std::memory_order_relaxed);
  }

  // Number of patterns given to Create.
  int size() const { return static_cast<int>(units_.size()); }
  // Number of entries (the pieces patterns are split into); candidate
  // finders return entry indices.
  int num_entries() const { return static_cast<int>(entries_.size()); }

  // The literals: every spelling of the pieces the entries require. An
  // entry can only match when, for each of its required pieces, one of the
  // piece's literals occurs in the text (and, for a full entry, one of its
  // head leaves matches). A leaf that can be spelt out requires exactly
  // itself, so for it the condition is exact.
  int num_literals() const { return static_cast<int>(literal_defs_.size()); }
  const Literal& literal(int i) const { return literal_defs_[i]; }

  // What a finder looks for: the anchors of the literals, their first few
  // bytes (6, rounded up to a whole UTF-8 character) with their assertions
  // (those after the text only when it is whole). Many literals share one.
  int num_anchors() const { return static_cast<int>(anchor_defs_.size()); }
  const Literal& anchor(int i) const { return anchor_defs_[i]; }
  // The anchors grouped by text, assertions aside (`\bdo` and `do` share
  // "do"): the distinct texts in order of first use, and for each the
  // anchors with that text. A finder looks for each text once and leaves
  // the assertions to LiteralsAt.
  struct AnchorTexts {
    std::vector<std::string_view> texts;  // views of the anchors' texts
    std::vector<std::vector<int>> anchors;
  };
  AnchorTexts GroupAnchorsByText() const;
  // Appends to *out the literals that occur at byte `pos` of `text`, given
  // that the text of `anchors` (one group of GroupAnchorsByText) occurs
  // there: the anchors' assertions are checked here.
  void LiteralsAt(std::string_view text, absl::Span<const int> anchors,
                  size_t pos, std::vector<int>* out) const;
  // Replaces c->entries with the entries, ascending, whose required pieces
  // all occur given the literals c->literals (indices into literals(), any
  // order): a superset of the entries that match the text. Works in c's
  // requirement_bits and entry_words (all zero before and after; sized on
  // first use).
  void EntriesWithLiterals(Candidates* c) const;

  // How many entries are matched as gaps (see Entry::Gap).
  int num_gap_entries() const {
    return static_cast<int>(
        std::count_if(entries_.begin(), entries_.end(),
                      [](const Entry& e) { return e.gap != nullptr; }));
  }

  // Whether entry `e` is spelt out (searched as strings, never compiled).
  bool is_spelt(int e) const { return entries_[e].spelt; }

 private:
  friend class TableSearch;
  struct Entry {
    // A leaf spelt out: its literals (indices into literals_) in RE2's
    // preference order, searched as strings.
    bool spelt = false;
    std::vector<int> spelling;
    // Any other entry is compiled, on first use unless Create had to check
    // that it fits its memory share; a leaf also gets a searcher.
    mutable std::string text;  // Freed once compiled.
    int64_t share = 0;
    bool leaf = false;
    mutable std::once_flag compiled;
    mutable std::unique_ptr<RE2> re;
    mutable std::unique_ptr<SplitRegex> searcher;
    // A full entry HEAD .{min,max} TAIL (see SplitGap) with head leaves
    // spelt out is matched by comparing strings (TableSearch::MatchGap)
    // where only such leaves start. Its tail's alternatives are matched by
    // comparing strings too when spelt out, else each as a leaf entry of its
    // own (searched once per message and position, shared by the entries
    // with the same tail alternative). The entry's regex runs only where a
    // head leaf not spelt out starts, or around invalid UTF-8.
    struct Gap {
      // The head is the unit's head leaves (see Unit::head); those spelt
      // out are compared by their spellings.
      int min = 0;
      int max = 0;
      // The tail's alternatives in order: runs of spelt ones as their
      // literals (in RE2's preference order), the others as leaf entries.
      struct TailPart {
        std::vector<int> literals;
        int entry = -1;  // >= 0: a leaf entry (literals empty)
      };
      std::vector<TailPart> tail;
    };
    std::unique_ptr<Gap> gap;
  };
  // Compiles entry `e` with memory `share` (its re and, for a leaf, its
  // searcher) and returns the RE2 error code.
  RE2::ErrorCode Compile(const Entry& e, int64_t share) const;
  // Entry `e`, compiled (once; thread-safe) with its share and a portion of
  // the pool, while any is left.
  const Entry& Compiled(int e) const;
  // Fills the pool (see PoolSize in pattern_table.cc) from budget_.
  void OpenPool();
  // A portion of the pool (0 when it is empty); thread-safe.
  int64_t TakeFromPool() const;
  // One top-level alternative of a pattern.
  struct Unit {
    int leaf = -1;          // Entry searched unanchored, or
    int full = -1;          // entry run anchored at the starts of
    std::vector<int> head;  // these leaves.
  };

  PatternTable() = default;
  // Appends the literals of anchor `a` longer than it that occur at `pos`,
  // where the anchor's text is known to occur.
  void LongerLiteralsAt(std::string_view text, int a, size_t pos,
                        std::vector<int>* out) const;
  // Create's parts. Adds the entries (spelt or not, leaf or not) and every
  // pattern's units from the drafts.
  void AddEntriesAndUnits(const UnitDrafts& drafts, PieceFinder* finder);
  // Gives every entry not spelt out its memory share, compiling those an
  // estimate cannot show to fit (see CheckEntry).
  absl::Status AssignShares(const UnitDrafts& drafts,
                            const std::vector<std::string>& patterns,
                            const std::vector<std::string>& owner);
  // Fills the literals and anchors, the postings, entry_needs_ and
  // unconditional_ from the entry texts and units_.
  void PlanPieces(const std::vector<const std::string*>& texts,
                  const absl::node_hash_map<std::string, int>& index,
                  PieceFinder* finder);
  // PlanPieces' parts. The gap plan of full entry `text` (see Entry::Gap),
  // or null when it is matched by its regex.
  std::unique_ptr<Entry::Gap> PlanGap(
      const std::string& text,
      const absl::node_hash_map<std::string, int>& index, PieceFinder* finder,
      PieceRegistry* registry);
  // Records the pieces entry `e` (of `text`, with head leaves `heads`)
  // requires: postings, entry_needs_ and unconditional_.
  void RequirePieces(int e, const std::string& text,
                     const std::vector<int>& heads,
                     const std::vector<const std::string*>& texts,
                     PieceFinder* finder, PieceRegistry* registry);
  // Fills entry_units_ from units_.
  void IndexUnits();
  // Fills what the search reads instead of the plan's lists: anchor_longer_,
  // literal_sure_, literal_partial_ and the unconditional bitsets; frees
  // anchor_literals_ and literal_entries_ (the plan writer reads the new
  // lists).
  void IndexForSearch();
  // literal_entries_ as it was, from the split postings.
  FlatLists<std::pair<int, uint32_t>> PlanPostings() const;
  // Compiles entry `e` at Create (an estimate cannot show it fits its
  // share): kResourceExhausted or kInvalidArgument naming pattern `p`.
  absl::Status CheckEntry(int e, int p,
                          const std::vector<std::string>& patterns,
                          const std::vector<std::string>& owner);
  // Replaces this (empty) table's plan with the one in `plan`; false when
  // `plan` is not one for `key` or is damaged. *checks gets the (entry,
  // pattern) pairs Create has to compile.
  bool LoadPlan(std::string_view plan, uint64_t key,
                std::vector<std::pair<int, int>>* checks);
  // LoadPlan's parts, in the plan's order (see pattern_table_plan.cc);
  // false on damage.
  bool ReadEntries(PlanReader& r);
  bool ReadUnits(PlanReader& r, std::vector<std::pair<int, int>>* checks);
  bool ReadLiterals(PlanReader& r);
  // Whether the entries' spellings and gaps name existing literals.
  bool EntryLiteralsValid() const;
  int64_t budget_ = 0;
  // What is left of the pool; what compiled entries were given.
  mutable std::atomic<int64_t> pool_left_{0};
  mutable std::atomic<int64_t> granted_{0};
  uint64_t plan_key_ = 0;  // PlanKey() of the patterns and budget.
  bool loaded_plan_ = false;
  std::deque<Entry> entries_;             // Not movable (once_flag).
  std::vector<std::vector<Unit>> units_;  // by pattern
  // The (entry, pattern) pairs Create compiled to check them (see
  // CheckEntry), kept for SerializePlan.
  std::vector<std::pair<int, int>> checked_;
  std::vector<Literal> literal_defs_;
  std::vector<Literal> anchor_defs_;
  // Anchor -> the literal that is the anchor itself (-1: none), and the
  // longer literals that start with it.
  std::vector<int> anchor_whole_;
  FlatLists<int> anchor_literals_;  // the plan's form, see IndexForSearch
  // anchor_literals_ for LongerLiteralsAt: with each literal, up to four of
  // its bytes after the anchor's (mask: which), so most literals that do not
  // occur are ruled out without reading them.
  struct LongerLiteral {
    int literal;
    uint32_t next;
    uint32_t mask;
  };
  FlatLists<LongerLiteral> anchor_longer_;
  // Literal -> (entry, requirement bit) it satisfies, sorted: the plan's
  // form, freed once IndexForSearch has split it (PlanPostings rebuilds it).
  FlatLists<std::pair<int, uint32_t>> literal_entries_;
  std::vector<uint32_t> entry_needs_;  // All requirement bits of each entry.
  std::vector<int> unconditional_;     // Entries that require nothing.
  // The postings split for EntriesWithLiterals: literal -> the entries it
  // makes candidates alone (they need one requirement bit), and -> the
  // postings of entries that need more than one; a bitset of
  // unconditional_.
  struct PartialPosting {
    int entry;
    int slot;        // the entry's index among those needing several bits
    uint32_t bit;    // the bit the literal gives
    uint32_t needs;  // all the entry needs
  };
  FlatLists<int> literal_sure_;
  FlatLists<PartialPosting> literal_partial_;
  int num_partial_entries_ = 0;
  std::vector<uint64_t> unconditional_words_;
  std::vector<uint64_t> unconditional_summary_;  // its non-zero words
  // Entry -> the (pattern, unit) pairs it makes candidates.
  FlatLists<std::pair<int, int>> entry_units_;
};

// A candidate finder's answer for one text.
struct Candidates {
  // Ascending: a superset of the entries that match.
  std::vector<int> entries;
  // The table's literals that occur (see PatternTable::literals), in no
  // particular order and repeated when they occur more than once, unless
  // all_literals, when any of them may.
  std::vector<int> literals;
  bool all_literals = false;

  // Working memory of the finders, kept with the answer so that a caller
  // reusing one Candidates for message after message reuses it too: the
  // requirement bits seen of the entries that need several (by slot) and a
  // bitset of entries (all zero between uses; see
  // PatternTable::EntriesWithLiterals).
  std::vector<uint32_t> requirement_bits;
  std::vector<uint64_t> entry_words;    // a bitset of entries
  std::vector<uint64_t> entry_summary;  // a bitset of its non-zero words

  // Empties both lists, keeping their capacity.
  void Clear() {
    entries.clear();
    literals.clear();
    all_literals = false;
  }
};

// One message's search of a PatternTable: remembers each leaf's match, so a
// leaf shared by many patterns is searched once. Leaves that are not
// candidates are known not to match and are never run. Not thread-safe; one
// per message.
class TableSearch {
 public:
  // The vectors a search works in. A caller searching message after message
  // can keep one (per thread) so they keep their capacity.
  struct Scratch {
    struct Memo {
      bool valid = false;
      bool found = false;
      size_t from = 0;  // The search started here.
      Span span;
    };
    std::vector<Memo> memo;  // parallel to the candidates
    // The candidate units of each pattern as a list: by pattern the first
    // (index into units, -1: none; all -1 between searches), and for each
    // its unit and the next.
    std::vector<int> first_unit;
    struct UnitNode {
      int unit;
      int next;
    };
    std::vector<UnitNode> units;
    std::vector<int> patterns;
    std::vector<uint64_t> pattern_words;  // a bitset of patterns, all zero
    std::vector<int> heads;               // FindUnit's
    std::vector<size_t> head_begins;      // FindUnit's
    // By entry: its index among the candidates, or -1; by literal: whether
    // it occurs (a byte each: read far more often than written, and a
    // byte loads faster than a bit). Sized to the table once, reset to
    // "none" after each search.
    std::vector<int> candidate_index;
    std::vector<uint8_t> literal_occurs;
  };

  // `candidates`: a finder's answer for `text`; must outlive this object, as
  // must `scratch` (null: the search has its own), which no other search may
  // use meanwhile. `skip` (null: none), by pattern: patterns the caller will
  // not search (non-zero), left out of patterns() and never matched.
  TableSearch(const PatternTable& table, std::string_view text,
              const Candidates* candidates, Scratch* scratch = nullptr,
              const uint8_t* skip = nullptr);
  ~TableSearch();
  TableSearch(const TableSearch&) = delete;
  TableSearch& operator=(const TableSearch&) = delete;

  // The patterns, ascending, that can match: every pattern with a
  // candidate unit, except those skipped. Others never match.
  const std::vector<int>& patterns() const { return patterns_; }

  // Finds the leftmost-first match of pattern `p` starting at or after byte
  // `pos` of the text, exactly as RE2 would find it for the whole pattern.
  bool FindFrom(int p, size_t pos, Span* span);

 private:
  using Memo = Scratch::Memo;
  // Index of `entry` among the candidates, -1 when it is not one.
  int Candidate(int entry) const;
  bool FindLeaf(int entry, size_t pos, Span* span);
  bool FindUnit(const PatternTable::Unit& unit, size_t pos, Span* span);
  // Whether some part of `gap`'s tail may occur: a literal that occurs or
  // an entry that is a candidate.
  bool TailMayOccur(const PatternTable::Entry::Gap& gap) const;
  // Matches `gap` anchored at byte `start` like RE2 would its entry's
  // regex, given `heads`: the head leaves, spelt out, that start there (in
  // the head's order), when no other head leaf does. Returns nullopt when
  // the text around `start` is not valid UTF-8 (the regex must decide).
  std::optional<bool> MatchGap(const PatternTable::Entry::Gap& gap,
                               const std::vector<int>& heads, size_t start,
                               Span* span);
  // MatchGap's rest once a head spelling matched from `start` to `at`.
  std::optional<bool> MatchGapAfter(const PatternTable::Entry::Gap& gap,
                                    size_t start, size_t at, Span* span);
  // The last start in [lo, hi] of a match of tail part `part`, and its
  // length there (the match RE2 prefers at that start); false when none.
  bool LastTailStart(const PatternTable::Entry::Gap::TailPart& part, size_t lo,
                     size_t hi, size_t* at, size_t* length);

  const PatternTable& table_;
  std::string_view text_;
  const std::vector<int>& candidates_;
  const std::vector<int>& literals_;
  const bool all_literals_;
  std::unique_ptr<Scratch> own_;  // when the caller gave none
  Scratch& scratch_;
  std::vector<Memo>& memo_;  // parallel to candidates_
  std::vector<int>& patterns_;
  std::vector<int>& heads_;
};

// Replaces *out with every entry of a table of `n` entries and all its
// literals: the answer of a finder that cannot narrow the candidates down.
void AllEntries(int n, Candidates* out);

// Finds the patterns worth running on a normalised text.
class CandidateFinder {
 public:
  virtual ~CandidateFinder() = default;
  // Replaces *out with its answer for `text`. Thread-safe.
  virtual void Find(std::string_view text, Candidates* out) const = 0;
};

// Default engine: finds where the table's anchors occur by hash lookups at
// each character, confirms their literals and keeps the entries whose
// required pieces all occur (see index_finder.cc).
std::unique_ptr<CandidateFinder> NewIndexFinder(const PatternTable& table);

// Reference engine: every entry is a candidate (tests and baselines).
std::unique_ptr<CandidateFinder> NewExhaustiveFinder(const PatternTable& table);

// Hyperscan engine: the anchors in a Hyperscan literal database; same
// answer as NewIndexFinder. With `cache_dir`, the
// database is loaded from there when a file for the same anchors and
// Hyperscan version exists, else compiled and written there (best effort).
// kUnimplemented when not built in.
absl::StatusOr<std::unique_ptr<CandidateFinder>> NewHyperscanFinder(
    const PatternTable& table, const std::string& cache_dir = "");

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_MATCHER_H_
