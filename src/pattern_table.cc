#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "src/bits.h"
#include "src/enumerate.h"
#include "src/matcher.h"
#include "src/pattern.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

// Every compiled entry's memory share counts this many bytes on top of its
// length, so short leaves still get room for a working DFA.
constexpr size_t kEntryOverhead = 64;

// Two thirds of the budget are shared between all entries in proportion to
// their length (their guaranteed shares, which Create checks patterns
// against); the rest is a pool from which each entry, as it is compiled on
// first use, takes 1/kPoolPart of what is left: the entries messages need
// most are compiled first and get the most room for their DFA caches (1.3
// MiB each for the first few with the default 256 MiB). With shares in
// proportion to length alone, short entries with many byte classes had too
// little memory for their DFAs, which RE2 then reset often or gave up for
// its NFA (5,100 times in 23,000 messages of the benchmark corpus).
// Measured per 3,000 new messages after 20,000 (callgrind, default pack):
// all 129.6M -> 121.8M instructions (RE2 searches 17.0M -> ~11M). A pool of
// half the budget: 121.1M, but Create then compiles 73 entries to check
// them, against 16 (a quarter: 123.2M, 7). Parts of 1/32 and 1/128 of what
// is left: about the same; 1/256: 127.6M; fixed portions of 1/128 (1/256,
// 1/1024) of the pool: 121.3M (125.4M, 143.2M).
constexpr int64_t kPoolPart = 64;
int64_t PoolSize(int64_t budget) { return budget / 3; }

// The prefilter looks for at most this many bytes (rounded up to a whole
// UTF-8 character) of each literal: few distinct anchors, and the literals
// are then confirmed where their first bytes occur. Measured on the default
// pack (2026-11-22) with the RE2::Set literal stage: 3 (one Chinese
// character) made the set cheaper but confirming the many literals behind
// each anchor cost 4x more; 9 saved 3% of the instructions per message but
// the set took three times as long to compile (Create 32 -> 100 ms). With
// the hash lookups (index_finder.cc), 9: 1% fewer instructions, twice the
// anchors (22.9k) and Create 16 -> 26 ms.
constexpr size_t kAnchorBytes = 6;

// Pieces with more spellings than this are not spelt out.
constexpr size_t kMaxSpellings = 64;

// For an atom with a quantifier that requires at least one copy (`x+`,
// `x{2,5}`), the length of x; else 0.
size_t RepeatedAtBaseLength(std::string_view atom) {
  if (atom.size() < 2) return 0;
  if (atom.back() == '+') return atom.size() - 1;
  if (atom.back() != '}') return 0;
  const size_t open = atom.rfind('{');
  if (open == std::string_view::npos || open == 0 ||
      atom.compare(open, 2, "{0") == 0 || atom[open - 1] == '\\') {
    return 0;
  }
  for (size_t i = open + 1; i + 1 < atom.size(); ++i) {
    if (!((atom[i] >= '0' && atom[i] <= '9') || atom[i] == ',')) return 0;
  }
  return open;
}

// Of an entry's memory share, the part its full regex gets (a leaf with a
// gap head gives the rest to the head's regex).
int64_t FullShare(int64_t share, bool leaf, const std::string& text) {
  if (!leaf) return share;
  return ShareBetweenFullAndHead(share, !GapHead(text).empty()).full;
}

// Whether a program of at most `estimate` instructions (see
// ProgramSizeEstimator) surely compiles within `max_mem`: RE2 allows
// max_mem * 2/3 for the program, at most 16 bytes per instruction as
// compiled, after RE2's own fixed part; the estimate is doubled for safety.
bool SurelyFits(int64_t estimate, int64_t max_mem) {
  if (estimate < 0) return false;
  return 2 * estimate * 16 + 1024 <= max_mem * 2 / 3;
}

}  // namespace

// Finds, for a regex, pieces that every match of it must contain, each as
// the list of literals it can be spelt as (see EnumerateLiterals). Results
// for atoms are memoised: lexicon groups recur in many patterns.
class PieceFinder {
 public:
  struct Piece {
    std::vector<Literal> literals;  // Any of them occurs in every match.
  };

  // The exact spelling of `re`, if it has one.
  const std::optional<std::vector<Literal>>& Spell(std::string_view re) {
    auto it = spelt_.find(absl::string_view(re.data(), re.size()));
    if (it == spelt_.end()) {
      it = spelt_.emplace(std::string(re), EnumerateLiterals(re, kMaxSpellings))
               .first;
      // A piece that can match "" is present in every text: useless.
      if (it->second) {
        for (const Literal& l : *it->second) {
          if (l.text.empty()) it->second.reset();
          if (!it->second) break;
        }
      }
    }
    return it->second;
  }

  // Pieces every match of `re` contains: maximal runs of spellable
  // top-level atoms, and for each other required group, one piece from
  // each of its alternatives (any of them must occur).
  std::vector<Piece> Required(std::string_view re, int depth = 0) {
    std::vector<Piece> out;
    if (const auto& whole = Spell(re)) {
      out.push_back({*whole});
      return out;
    }
    if (depth > 4) return out;
    std::optional<std::vector<std::string_view>> atoms = TopLevelAtoms(re);
    if (!atoms) {
      std::vector<std::string> alts = TopLevelAlternatives(re);
      if (alts.size() > 1) AddAnyOf(alts, depth, &out);
      return out;
    }
    size_t run_begin = 0;
    size_t run_count = 1;
    auto close_run = [&](size_t end) {
      if (end > run_begin) {
        if (const auto& lits = Spell(re.substr(run_begin, end - run_begin))) {
          out.push_back({*lits});
        }
      }
    };
    for (std::string_view atom : *atoms) {
      const size_t at = atom.data() - re.data();
      const auto& lits = Spell(atom);
      const size_t count = lits ? lits->size() : 0;
      if (count > 0 && run_count * count <= kMaxSpellings) {
        run_count *= count;
        continue;
      }
      close_run(at);
      if (count > 0) {  // Too many spellings with the run before it.
        run_begin = at;
        run_count = count;
        continue;
      }
      run_begin = at + atom.size();
      run_count = 1;
      // x+ and x{n,m} with n >= 1 hold x.
      if (const size_t base = RepeatedAtBaseLength(atom); base > 0) {
        if (const auto& once = Spell(atom.substr(0, base))) {
          out.push_back({*once});
          continue;
        }
      }
      // A group that must occur at least once: any of its alternatives.
      const char last = atom.back();
      const bool optional =
          last == '?' || last == '*' ||
          (last == '}' && atom.find("{0") != std::string_view::npos);
      const bool flags =
          atom.compare(0, 2, "(?") == 0 && atom.compare(0, 3, "(?:") != 0;
      if (atom[0] != '(' || optional || flags) {
        continue;
      }
      const size_t open = atom.compare(0, 3, "(?:") == 0 ? 3 : 1;
      const size_t close = atom.rfind(')');
      if (close == std::string_view::npos || close <= open) continue;
      std::vector<std::string> alts =
          TopLevelAlternatives(atom.substr(open, close - open));
      AddAnyOf(alts, depth, &out);
    }
    close_run(re.size());
    return out;
  }

 private:
  // Adds one piece that occurs wherever any of `alts` matches, if every
  // alternative has a required piece.
  void AddAnyOf(const std::vector<std::string>& alts, int depth,
                std::vector<Piece>* out) {
    Piece any;
    for (const std::string& alt : alts) {
      std::vector<Piece> pieces = Required(alt, depth + 1);
      if (pieces.empty()) return;
      // The piece whose shortest spelling is longest filters best.
      auto shortest = [](const Piece& p) {
        size_t n = SIZE_MAX;
        for (const Literal& l : p.literals) n = std::min(n, l.text.size());
        return n;
      };
      const Piece* best = &pieces[0];
      for (const Piece& p : pieces) {
        if (shortest(p) > shortest(*best)) best = &p;
      }
      any.literals.insert(any.literals.end(), best->literals.begin(),
                          best->literals.end());
      if (any.literals.size() > 16 * kMaxSpellings) return;
    }
    if (!any.literals.empty()) out->push_back(std::move(any));
  }

  // Node map: Spell returns references into it.
  absl::node_hash_map<std::string, std::optional<std::vector<Literal>>> spelt_;
};

// Every pattern's units as planned (before entries are numbered), and the
// distinct entry texts, first use first, so memory shares can be computed
// before anything is compiled.
struct UnitDrafts {
  struct Unit {
    // The alternative itself when it has no usable head, else its head
    // leaves.
    std::string whole;
    std::vector<std::string> head;
    std::vector<std::string> tail;  // Gap tail alternatives searched as leaves.
  };
  std::vector<std::vector<Unit>> plans;  // by pattern
  // Entry text -> entry; texts points to its keys.
  absl::node_hash_map<std::string, int> index;
  std::vector<const std::string*> texts;  // by entry
  std::vector<int> text_owner;            // by entry: first pattern
  int EntryOf(const std::string& t) const { return index.find(t)->second; }
  void Add(const std::string& t, int p) {
    auto [it, inserted] = index.emplace(t, static_cast<int>(texts.size()));
    if (inserted) {
      texts.push_back(&it->first);
      text_owner.push_back(p);
    }
  }
};

namespace {

// Whether any of `leaves` can be spelt out.
bool AnySpelt(const std::vector<std::string>& leaves, PieceFinder* finder) {
  return std::any_of(leaves.begin(), leaves.end(), [&](const std::string& l) {
    return finder->Spell(l).has_value();
  });
}

// The alternatives of a gap tail that must be searched as leaves, or none
// when one of them could match "" (the entry is then matched by its regex).
std::vector<std::string> TailLeaves(std::string_view tail,
                                    PieceFinder* finder) {
  std::vector<std::string> leaves;
  for (std::string& alt : TopLevelAlternatives(tail)) {
    if (finder->Spell(alt)) continue;
    if (MightMatchEmpty(alt)) return {};
    leaves.push_back(std::move(alt));
  }
  return leaves;
}

UnitDrafts DraftUnits(const std::vector<std::string>& patterns,
                      PieceFinder* finder) {
  UnitDrafts d;
  d.plans.resize(patterns.size());
  for (size_t p = 0; p < patterns.size(); ++p) {
    const int owner = static_cast<int>(p);
    for (std::string& alt : TopLevelAlternatives(patterns[p])) {
      UnitDrafts::Unit plan;
      // An alternative spelt out is searched as strings, whole.
      const std::string head = finder->Spell(alt) ? "" : GapHead(alt);
      if (!head.empty()) plan.head = TopLevelAlternatives(head);
      for (const std::string& h : plan.head) d.Add(h, owner);
      // Each alternative of a gap entry's tail that is not spelt out is
      // searched as a leaf of its own (see Entry::Gap).
      if (!head.empty()) {
        const std::optional<GapSplit> split = SplitGap(alt);
        if (split && AnySpelt(plan.head, finder)) {
          plan.tail = TailLeaves(split->tail, finder);
          for (const std::string& t : plan.tail) d.Add(t, owner);
        }
      }
      plan.whole = std::move(alt);
      d.Add(plan.whole, owner);
      d.plans[p].push_back(std::move(plan));
    }
  }
  return d;
}

// Up to four bytes of `s` from byte `i` on, the first in the lowest byte
// (zero where `s` ends): compared under a mask, a quick filter for literals.
uint32_t NextBytes(std::string_view s, size_t i) {
  if (i + 4 <= s.size()) {  // One load, where the compiler can.
    const auto* p = reinterpret_cast<const unsigned char*>(s.data() + i);
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
           uint32_t{p[3]} << 24;
  }
  uint32_t out = 0;
  for (size_t k = 0; k < 4 && i + k < s.size(); ++k) {
    out |= uint32_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PatternTable>> PatternTable::Create(
    const std::vector<std::string>& patterns,
    const std::vector<std::string>& owner, int64_t budget,
    std::string_view plan) {
  std::unique_ptr<PatternTable> table(new PatternTable());
  const uint64_t key = PlanKey(patterns, budget);
  if (!plan.empty()) {
    std::vector<std::pair<int, int>> checks;
    if (table->LoadPlan(plan, key, &checks) &&
        table->size() == static_cast<int>(patterns.size())) {
      table->loaded_plan_ = true;
      table->OpenPool();
      for (const auto& [e, p] : checks) {
        absl::Status status = table->CheckEntry(e, p, patterns, owner);
        if (!status.ok()) return status;
      }
      return table;
    }
    table = std::unique_ptr<PatternTable>(new PatternTable());
  }
  table->plan_key_ = key;
  table->budget_ = budget;
  table->OpenPool();
  PieceFinder finder;
  const UnitDrafts drafts = DraftUnits(patterns, &finder);
  table->AddEntriesAndUnits(drafts, &finder);
  absl::Status status = table->AssignShares(drafts, patterns, owner);
  if (!status.ok()) return status;
  table->IndexUnits();
  table->PlanPieces(drafts.texts, drafts.index, &finder);
  table->IndexForSearch();
  return table;
}

void PatternTable::AddEntriesAndUnits(const UnitDrafts& d,
                                      PieceFinder* finder) {
  for (const std::string* text : d.texts) {
    Entry& entry = entries_.emplace_back();
    entry.spelt = finder->Spell(*text).has_value();
    if (!entry.spelt) entry.text = *text;
  }
  units_.resize(d.plans.size());
  for (size_t p = 0; p < d.plans.size(); ++p) {
    for (const UnitDrafts::Unit& plan : d.plans[p]) {
      Unit unit;
      // A head that can match "" would start everywhere: search whole.
      // (Spelt leaves cannot match "".)
      bool split = !plan.head.empty();
      for (const std::string& h : plan.head) {
        split = split && (entries_[d.EntryOf(h)].spelt || !MightMatchEmpty(h));
      }
      for (const std::string& t : plan.tail) entries_[d.EntryOf(t)].leaf = true;
      if (split) {
        unit.full = d.EntryOf(plan.whole);
        for (const std::string& h : plan.head) {
          const int e = d.EntryOf(h);
          entries_[e].leaf = true;
          if (std::find(unit.head.begin(), unit.head.end(), e) ==
              unit.head.end()) {
            unit.head.push_back(e);
          }
        }
      } else {
        unit.leaf = d.EntryOf(plan.whole);
        entries_[unit.leaf].leaf = true;
      }
      units_[p].push_back(std::move(unit));
    }
  }
}

absl::Status PatternTable::AssignShares(
    const UnitDrafts& d, const std::vector<std::string>& patterns,
    const std::vector<std::string>& owner) {
  // Entries spelt out are never compiled; the others share the budget, and
  // are compiled here only when their share may be too small.
  size_t total = 0;
  for (const Entry& entry : entries_) {
    if (!entry.spelt) total += entry.text.size() + kEntryOverhead;
  }
  std::map<std::string, int64_t, std::less<>> class_sizes;
  auto class_size = [&](std::string_view atom) -> int64_t {
    auto it = class_sizes.find(atom);
    if (it == class_sizes.end()) {
      RE2 re(atom, PatternOptions(int64_t{8} << 20));
      it = class_sizes.emplace(atom, re.ok() ? re.ProgramSize() : -1).first;
    }
    return it->second;
  };
  ProgramSizeEstimator estimator(class_size);
  for (size_t e = 0; e < entries_.size(); ++e) {
    Entry& entry = entries_[e];
    if (entry.spelt) continue;
    entry.share = MemoryShare(budget_ - PoolSize(budget_),
                              entry.text.size() + kEntryOverhead, total);
    if (SurelyFits(estimator.Estimate(entry.text),
                   FullShare(entry.share, entry.leaf, entry.text))) {
      continue;
    }
    absl::Status status =
        CheckEntry(static_cast<int>(e), d.text_owner[e], patterns, owner);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status PatternTable::CheckEntry(int e, int p,
                                      const std::vector<std::string>& patterns,
                                      const std::vector<std::string>& owner) {
  Entry& entry = entries_[e];
  checked_.emplace_back(e, p);
  RE2::ErrorCode code = RE2::NoError;
  std::call_once(entry.compiled, [&] {
    code = Compile(entry, entry.share);
    granted_.fetch_add(entry.share, std::memory_order_relaxed);
  });
  if (code == RE2::ErrorPatternTooLarge) {
    return absl::ResourceExhaustedError(
        Cat("rule '", owner[p], "': pattern does not fit its memory share (",
            FullShare(entry.share, entry.leaf, entry.text),
            " bytes): ", patterns[p]));
  }
  if (code != RE2::NoError) {
    return absl::InvalidArgumentError(
        Cat("rule '", owner[p], "': pattern does not compile: ", patterns[p]));
  }
  return absl::OkStatus();
}

void PatternTable::IndexUnits() {
  std::vector<std::vector<std::pair<int, int>>> by_entry(entries_.size());
  for (size_t p = 0; p < units_.size(); ++p) {
    for (size_t u = 0; u < units_[p].size(); ++u) {
      const Unit& unit = units_[p][u];
      by_entry[unit.full >= 0 ? unit.full : unit.leaf].emplace_back(
          static_cast<int>(p), static_cast<int>(u));
    }
  }
  entry_units_ = FlatLists<std::pair<int, int>>(by_entry);
}

RE2::ErrorCode PatternTable::Compile(const Entry& entry, int64_t share) const {
  const std::string head = entry.leaf ? GapHead(entry.text) : "";
  const SplitShare split = ShareBetweenFullAndHead(share, !head.empty());
  // split.full is FullShare(): the whole share unless a leaf has a head.
  entry.re = std::make_unique<RE2>(entry.text, PatternOptions(split.full));
  if (entry.leaf) {
    entry.searcher = std::make_unique<SplitRegex>(
        entry.re.get(), head, PatternOptions(std::max<int64_t>(split.head, 1)));
  }
  return entry.re->error_code();
}

void PatternTable::OpenPool() {
  pool_left_.store(PoolSize(budget_), std::memory_order_relaxed);
}

int64_t PatternTable::TakeFromPool() const {
  int64_t left = pool_left_.load(std::memory_order_relaxed);
  int64_t take = left / kPoolPart;
  while (take > 0 && !pool_left_.compare_exchange_weak(
                         left, left - take, std::memory_order_relaxed)) {
    take = left / kPoolPart;
  }
  return take;
}

const PatternTable::Entry& PatternTable::Compiled(int e) const {
  const Entry& entry = entries_[e];
  std::call_once(entry.compiled, [&] {
    // Create checked the entries an estimate could not show to fit, so this
    // fits unless the estimate was wrong; then correct results matter more
    // than the share.
    int64_t share = entry.share + TakeFromPool();
    if (Compile(entry, share) == RE2::ErrorPatternTooLarge) {
      share = std::max(budget_, share);
      Compile(entry, share);
    }
    granted_.fetch_add(share, std::memory_order_relaxed);
    // The regex keeps its own copy of the text.
    std::string().swap(entry.text);
  });
  return entry;
}

// Numbers the literals, their anchors and the pieces (sets of literals) of
// a table being planned, and collects the postings: piece -> the (entry,
// requirement bit) pairs it satisfies.
class PieceRegistry {
 public:
  // The literal's number (new ones get the next).
  int LiteralId(const Literal& l) {
    // Most literals are seen before (lexicon terms recur): look up through a
    // reused key buffer, allocating a key only for a new literal.
    SetKey(l, &key_);
    if (auto found = literal_index_.find(key_); found != literal_index_.end()) {
      return found->second;
    }
    auto [it, fresh] =
        literal_index_.emplace(key_, static_cast<int>(literals.size()));
    if (fresh) {
      literals.push_back(l);
      literal_pieces_.emplace_back();
      const int a = AnchorId(l);
      if (l == anchors[a]) {
        anchor_whole[a] = it->second;
      } else {
        anchor_literals[a].push_back(it->second);
      }
    }
    return it->second;
  }
  std::vector<int> LiteralIds(const std::vector<Literal>& lits) {
    std::vector<int> ids;
    for (const Literal& l : lits) ids.push_back(LiteralId(l));
    return ids;
  }
  // Records that entry `e` gets requirement `bit` where any of `lits` occurs.
  void Post(const std::vector<Literal>& lits, int e, uint32_t bit) {
    std::vector<int> ids = LiteralIds(lits);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto [it, inserted] =
        piece_index_.emplace(ids, static_cast<int>(piece_entries_.size()));
    if (inserted) {
      piece_entries_.emplace_back();
      for (int id : ids) literal_pieces_[id].push_back(it->second);
    }
    piece_entries_[it->second].emplace_back(e, bit);
  }
  // Literal -> the (entry, bit) pairs of all its pieces, sorted, distinct.
  std::vector<std::vector<std::pair<int, uint32_t>>> LiteralEntries() const {
    std::vector<std::vector<std::pair<int, uint32_t>>> out(literals.size());
    for (size_t l = 0; l < literals.size(); ++l) {
      auto& postings = out[l];
      for (int p : literal_pieces_[l]) {
        postings.insert(postings.end(), piece_entries_[p].begin(),
                        piece_entries_[p].end());
      }
      std::sort(postings.begin(), postings.end());
      postings.erase(std::unique(postings.begin(), postings.end()),
                     postings.end());
    }
    return out;
  }

  std::vector<Literal> literals;
  std::vector<Literal> anchors;
  std::vector<int> anchor_whole;  // anchor -> the literal it is, or -1
  std::vector<std::vector<int>> anchor_literals;  // the longer ones

 private:
  // A literal's identity: its assertions, then its text.
  static void SetKey(const Literal& l, std::string* key) {
    key->assign(1, static_cast<char>(l.assertions()));
    *key += l.text;
  }
  static std::string Key(const Literal& l) {
    std::string k;
    SetKey(l, &k);
    return k;
  }
  std::string key_;  // LiteralId's
  // The anchor of `l`: its first kAnchorBytes bytes, rounded up to a whole
  // character, with the assertions that still apply.
  int AnchorId(const Literal& l) {
    Literal a = l;
    size_t n = std::min(kAnchorBytes, a.text.size());
    while (n < a.text.size() &&
           (static_cast<unsigned char>(a.text[n]) & 0xC0) == 0x80) {
      ++n;
    }
    if (n < a.text.size()) {
      a.text.resize(n);
      a.boundary_after = false;
      a.at_end = false;
    }
    auto [it, fresh] =
        anchor_index_.emplace(Key(a), static_cast<int>(anchors.size()));
    if (fresh) {
      anchors.push_back(std::move(a));
      anchor_literals.emplace_back();
      anchor_whole.push_back(-1);
    }
    return it->second;
  }

  absl::flat_hash_map<std::string, int> literal_index_;
  absl::flat_hash_map<std::string, int> anchor_index_;
  absl::flat_hash_map<std::vector<int>, int> piece_index_;  // by literals
  std::vector<std::vector<int>> literal_pieces_;            // literal -> pieces
  std::vector<std::vector<std::pair<int, uint32_t>>> piece_entries_;
};

namespace {

// A piece with a one-byte spelling (a space, a digit, "n" of n.?t) occurs in
// most texts: it filters little and costs a posting per message.
bool IsWeak(const PieceFinder::Piece& p) {
  for (const Literal& l : p.literals) {
    if (l.text.size() < 2) return true;
  }
  return false;
}

}  // namespace

void PatternTable::PlanPieces(
    const std::vector<const std::string*>& texts,
    const absl::node_hash_map<std::string, int>& index, PieceFinder* finder) {
  PieceRegistry registry;
  // The head leaves of each full entry.
  std::vector<std::vector<int>> heads(texts.size());
  for (const auto& units : units_) {
    for (const Unit& u : units) {
      if (u.full >= 0 && heads[u.full].empty()) heads[u.full] = u.head;
    }
  }
  entry_needs_.assign(texts.size(), 0);
  for (size_t e = 0; e < texts.size(); ++e) {
    Entry& entry = entries_[e];
    if (entry.spelt) {
      entry.spelling = registry.LiteralIds(*finder->Spell(*texts[e]));
    }
    if (!heads[e].empty()) {
      entry.gap = PlanGap(*texts[e], index, finder, &registry);
    }
    RequirePieces(static_cast<int>(e), *texts[e], heads[e], texts, finder,
                  &registry);
  }
  literal_entries_ =
      FlatLists<std::pair<int, uint32_t>>(registry.LiteralEntries());
  anchor_literals_ = FlatLists<int>(registry.anchor_literals);
  literal_defs_ = std::move(registry.literals);
  anchor_defs_ = std::move(registry.anchors);
  anchor_whole_ = std::move(registry.anchor_whole);
}

std::unique_ptr<PatternTable::Entry::Gap> PatternTable::PlanGap(
    const std::string& text, const absl::node_hash_map<std::string, int>& index,
    PieceFinder* finder, PieceRegistry* registry) {
  // Matched without its regex where only head leaves spelt out start, when
  // its tail is spelt out too or was made an entry of its own by Create
  // (see UnitDrafts).
  const std::optional<GapSplit> split = SplitGap(text);
  if (!split) return nullptr;
  if (!AnySpelt(TopLevelAlternatives(split->head), finder)) return nullptr;
  auto gap = std::make_unique<Entry::Gap>();
  for (const std::string& alt : TopLevelAlternatives(split->tail)) {
    if (const auto& spelt = finder->Spell(alt)) {
      if (gap->tail.empty() || gap->tail.back().entry >= 0) {
        gap->tail.emplace_back();
      }
      for (int id : registry->LiteralIds(*spelt)) {
        gap->tail.back().literals.push_back(id);
      }
      continue;
    }
    auto entry = index.find(alt);
    if (entry == index.end() || MightMatchEmpty(alt)) return nullptr;
    gap->tail.emplace_back().entry = entry->second;
  }
  gap->min = split->min;
  gap->max = split->max;
  return gap;
}

void PatternTable::RequirePieces(int e, const std::string& text,
                                 const std::vector<int>& heads,
                                 const std::vector<const std::string*>& texts,
                                 PieceFinder* finder, PieceRegistry* registry) {
  const std::string head = heads.empty() ? "" : GapHead(text);
  const std::optional<std::vector<Literal>> head_spelt =
      head.empty() ? std::nullopt : finder->Spell(head);
  std::vector<PieceFinder::Piece> pieces = finder->Required(text);
  // Weak pieces (see IsWeak) are required only when nothing longer is.
  bool heads_spelt = !heads.empty();
  for (int h : heads) heads_spelt = heads_spelt && entries_[h].spelt;
  if (heads_spelt || !std::all_of(pieces.begin(), pieces.end(), IsWeak)) {
    pieces.erase(std::remove_if(pieces.begin(), pieces.end(), IsWeak),
                 pieces.end());
  }
  uint32_t bit = 1;
  for (const PieceFinder::Piece& piece : pieces) {
    // A full entry's head is required through its head leaves below.
    if (bit == 0 || (head_spelt && piece.literals == *head_spelt)) continue;
    registry->Post(piece.literals, e, bit);
    entry_needs_[e] |= bit;
    bit <<= 1;
  }
  // One of the head leaves, when each is spelt out.
  if (heads_spelt && bit != 0) {
    for (int h : heads) registry->Post(*finder->Spell(*texts[h]), e, bit);
    entry_needs_[e] |= bit;
  }
  if (entry_needs_[e] == 0) unconditional_.push_back(e);
}

void PatternTable::LongerLiteralsAt(std::string_view text, int anchor,
                                    size_t pos, std::vector<int>* out) const {
  // Each is longer than the anchor, whose bytes are there: the (up to) four
  // bytes after them reject most without reading the literal.
  const absl::Span<const LongerLiteral> longer = anchor_longer_[anchor];
  if (longer.empty()) return;
  const size_t next = pos + anchor_defs_[anchor].text.size();
  if (next >= text.size()) return;
  const uint32_t bytes = NextBytes(text, next);
  for (const LongerLiteral& x : longer) {
    if ((bytes & x.mask) == x.next &&
        literal_defs_[x.literal].MatchesAt(text, pos)) {
      out->push_back(x.literal);
    }
  }
}

PatternTable::AnchorTexts PatternTable::GroupAnchorsByText() const {
  AnchorTexts out;
  absl::flat_hash_map<std::string_view, int> index;
  for (int a = 0; a < num_anchors(); ++a) {
    const std::string_view text = anchor_defs_[a].text;
    auto [it, fresh] = index.emplace(text, static_cast<int>(out.texts.size()));
    if (fresh) {
      out.texts.push_back(text);
      out.anchors.emplace_back();
    }
    out.anchors[it->second].push_back(a);
  }
  return out;
}

void PatternTable::LiteralsAt(std::string_view text,
                              absl::Span<const int> anchors, size_t pos,
                              std::vector<int>* out) const {
  for (int a : anchors) {
    const Literal& anchor = anchor_defs_[a];
    if (anchor.assertions() != 0 && !anchor.AssertionsHoldAt(text, pos)) {
      continue;
    }
    if (anchor_whole_[a] >= 0) out->push_back(anchor_whole_[a]);
    LongerLiteralsAt(text, a, pos, out);
  }
}

void PatternTable::IndexForSearch() {
  std::vector<std::vector<LongerLiteral>> longer(anchor_literals_.size());
  for (size_t a = 0; a < anchor_literals_.size(); ++a) {
    const size_t skip = anchor_defs_[a].text.size();
    for (int l : anchor_literals_[a]) {
      const std::string& text = literal_defs_[l].text;
      LongerLiteral& x = longer[a].emplace_back();
      x.literal = l;
      x.next = NextBytes(text, skip);
      const size_t known = std::min<size_t>(4, text.size() - skip);
      x.mask = known == 4 ? ~uint32_t{0} : (uint32_t{1} << (8 * known)) - 1;
    }
  }
  anchor_longer_ = FlatLists<LongerLiteral>(longer);
  anchor_literals_ = {};
  std::vector<std::vector<int>> sure(literal_entries_.size());
  std::vector<std::vector<PartialPosting>> partial(literal_entries_.size());
  std::vector<int> slot(entries_.size(), -1);
  num_partial_entries_ = 0;
  for (size_t l = 0; l < literal_entries_.size(); ++l) {
    for (const auto& [e, bit] : literal_entries_[l]) {
      if (entry_needs_[e] == bit) {
        sure[l].push_back(e);
        continue;
      }
      if (slot[e] < 0) slot[e] = num_partial_entries_++;
      partial[l].push_back({e, slot[e], bit, entry_needs_[e]});
    }
  }
  literal_sure_ = FlatLists<int>(sure);
  literal_partial_ = FlatLists<PartialPosting>(partial);
  literal_entries_ = {};
  const size_t num_words = (entries_.size() + 63) / 64;
  unconditional_words_.assign(num_words, 0);
  unconditional_summary_.assign((num_words + 63) / 64, 0);
  for (int e : unconditional_) {
    SetBit(unconditional_words_.data(), e);
    SetBit(unconditional_summary_.data(), e / 64);
  }
}

FlatLists<std::pair<int, uint32_t>> PatternTable::PlanPostings() const {
  std::vector<std::vector<std::pair<int, uint32_t>>> lists(
      literal_sure_.size());
  for (size_t l = 0; l < lists.size(); ++l) {
    for (int e : literal_sure_[l]) lists[l].emplace_back(e, entry_needs_[e]);
    for (const PartialPosting& p : literal_partial_[l]) {
      lists[l].emplace_back(p.entry, p.bit);
    }
    std::sort(lists[l].begin(), lists[l].end());
  }
  return FlatLists<std::pair<int, uint32_t>>(lists);
}

void PatternTable::EntriesWithLiterals(Candidates* c) const {
  // A bitset of the candidates gives them in order without sorting, and a
  // bitset of its words that may be non-zero (those with an unconditional
  // entry, and those touched) keeps the scan short. The requirement bits
  // seen so far of the entries that need several sit in a dense array (by
  // slot) that stays in cache better than one by entry.
  const size_t num_words = unconditional_words_.size();
  if (c->entry_words.size() < num_words) {
    c->entry_words.assign(num_words, 0);
    c->entry_summary.assign((num_words + 63) / 64, 0);
  }
  if (c->requirement_bits.size() < static_cast<size_t>(num_partial_entries_)) {
    c->requirement_bits.assign(num_partial_entries_, 0);
  }
  uint64_t* const words = c->entry_words.data();
  uint64_t* const summary = c->entry_summary.data();
  uint32_t* const seen = c->requirement_bits.data();
  auto add = [words, summary](int e) {
    SetBit(words, e);
    SetBit(summary, e / 64);
  };
  for (int l : c->literals) {
    for (int e : literal_sure_[l]) add(e);
    for (const PartialPosting& p : literal_partial_[l]) {
      seen[p.slot] |= p.bit;
      if (seen[p.slot] == p.needs) add(p.entry);
    }
  }
  for (int l : c->literals) {
    for (const PartialPosting& p : literal_partial_[l]) seen[p.slot] = 0;
  }
  std::vector<int>& out = c->entries;
  out.clear();
  for (size_t s = 0; s < unconditional_summary_.size(); ++s) {
    const uint64_t touched = summary[s] | unconditional_summary_[s];
    summary[s] = 0;
    ForEachSetBit(touched, s * 64, [&](size_t i) {
      const uint64_t w = words[i] | unconditional_words_[i];
      words[i] = 0;
      ForEachSetBit(w, i * 64,
                    [&](size_t e) { out.push_back(static_cast<int>(e)); });
    });
  }
}

}  // namespace internal
}  // namespace triage
