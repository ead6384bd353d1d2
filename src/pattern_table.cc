#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "src/matcher.h"
#include "src/pattern.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

// Atoms shorter than this are not used for filtering (the entry then runs on
// every message): one CJK character is 3 bytes.
constexpr int kMinAtomLen = 2;

// Every regex entry's memory share counts this many bytes on top of its
// length, so short leaves still get room for a working DFA.
constexpr size_t kEntryOverhead = 64;

// A plain-literal leaf is never run by RE2 (only compiled, for the
// prefilter's atoms): it gets this much per byte, outside the shared pool.
constexpr int64_t kLiteralBytesPerByte = 256;
constexpr int64_t kLiteralBase = 4096;

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_';
}

// RE2's \b: an ASCII word character on exactly one side of `i`.
bool WordBoundary(std::string_view text, size_t i) {
  const bool before = i > 0 && IsWordByte(text[i - 1]);
  const bool after = i < text.size() && IsWordByte(text[i]);
  return before != after;
}

// `pattern` as a plain string with optional \b at its ends, if it is one.
std::optional<std::string_view> PlainLiteral(std::string_view pattern,
                                             bool* before, bool* after) {
  *before = pattern.size() >= 2 && pattern.compare(0, 2, "\\b") == 0;
  if (*before) pattern.remove_prefix(2);
  *after = pattern.size() >= 2 &&
           pattern.compare(pattern.size() - 2, 2, "\\b") == 0;
  if (*after) pattern.remove_suffix(2);
  if (pattern.empty() ||
      pattern.find_first_of("\\^$.|?*+()[]{}") != std::string_view::npos) {
    return std::nullopt;
  }
  return pattern;
}

struct Plan {
  // The alternative itself when it has no usable head, else its head leaves.
  std::string whole;
  std::vector<std::string> head;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PatternTable>> PatternTable::Create(
    const std::vector<std::string>& patterns,
    const std::vector<std::string>& owner, int64_t budget) {
  std::unique_ptr<PatternTable> table(new PatternTable());
  table->filter_ = re2::FilteredRE2(kMinAtomLen);
  table->patterns_ = patterns;

  // Plan every pattern's units and collect the distinct entry texts, first
  // use first, so memory shares can be computed before compiling.
  std::vector<std::vector<Plan>> plans(patterns.size());
  std::map<std::string, int> index;
  std::vector<const std::string*> texts;
  std::vector<int> text_owner;
  auto add_text = [&](const std::string& t, int p) {
    auto [it, inserted] = index.emplace(t, static_cast<int>(texts.size()));
    if (inserted) {
      texts.push_back(&it->first);
      text_owner.push_back(p);
    }
  };
  for (size_t p = 0; p < patterns.size(); ++p) {
    for (std::string& alt : TopLevelAlternatives(patterns[p])) {
      Plan plan;
      const std::string head = GapHead(alt);
      if (!head.empty()) plan.head = TopLevelAlternatives(head);
      for (const std::string& h : plan.head) add_text(h, static_cast<int>(p));
      plan.whole = std::move(alt);
      add_text(plan.whole, static_cast<int>(p));
      plans[p].push_back(std::move(plan));
    }
  }
  // Literal leaves take a small fixed share; regex entries share the rest.
  table->entries_.resize(texts.size());
  auto literal_share = [](const std::string& t) {
    return kLiteralBase + kLiteralBytesPerByte * static_cast<int64_t>(t.size());
  };
  size_t total = 0;
  int64_t pool = budget;
  for (size_t e = 0; e < texts.size(); ++e) {
    Literal lit;
    if (std::optional<std::string_view> s = PlainLiteral(
            *texts[e], &lit.boundary_before, &lit.boundary_after)) {
      lit.text = std::string(*s);
      table->entries_[e].literal = std::move(lit);
      pool -= literal_share(*texts[e]);
    } else {
      total += texts[e]->size() + kEntryOverhead;
    }
  }
  pool = std::max<int64_t>(pool, 1);

  // Compile the entries.
  std::vector<int64_t> shares;
  for (size_t e = 0; e < texts.size(); ++e) {
    const std::string& t = *texts[e];
    shares.push_back(table->entries_[e].literal
                         ? literal_share(t)
                         : MemoryShare(pool, t.size() + kEntryOverhead, total));
    int id = 0;
    RE2::ErrorCode code = table->filter_.Add(t, PatternOptions(shares[e]), &id);
    if (code == RE2::ErrorPatternTooLarge) {
      return absl::ResourceExhaustedError(
          Cat("rule '", owner[text_owner[e]],
              "': pattern does not fit its memory share (", shares[e],
              " bytes): ", patterns[text_owner[e]]));
    }
    if (code != RE2::NoError) {
      return absl::InvalidArgumentError(
          Cat("rule '", owner[text_owner[e]],
              "': pattern does not compile: ", patterns[text_owner[e]]));
    }
  }
  table->entry_units_.resize(texts.size());
  auto leaf = [&](const std::string& t) {
    const int e = index.at(t);
    Entry& entry = table->entries_[e];
    if (!entry.literal && entry.searcher == nullptr) {
      const std::string head = GapHead(t);
      const SplitShare share = ShareBetweenFullAndHead(shares[e], !head.empty());
      entry.searcher = std::make_unique<SplitRegex>(
          &table->filter_.GetRE2(e), head,
          PatternOptions(std::max<int64_t>(share.head, 1)));
    }
    return e;
  };
  table->units_.resize(patterns.size());
  for (size_t p = 0; p < patterns.size(); ++p) {
    for (const Plan& plan : plans[p]) {
      Unit unit;
      // A head that can match "" would start everywhere: search whole.
      bool split = !plan.head.empty();
      for (const std::string& h : plan.head) {
        split = split && !RE2::FullMatch("", table->filter_.GetRE2(index.at(h)));
      }
      if (split) {
        unit.full = index.at(plan.whole);
        for (const std::string& h : plan.head) {
          const int e = leaf(h);
          if (std::find(unit.head.begin(), unit.head.end(), e) ==
              unit.head.end()) {
            unit.head.push_back(e);
          }
        }
      } else {
        unit.leaf = leaf(plan.whole);
      }
      table->entry_units_[split ? unit.full : unit.leaf].emplace_back(
          static_cast<int>(p), static_cast<int>(table->units_[p].size()));
      table->units_[p].push_back(std::move(unit));
    }
  }
  if (!texts.empty()) table->filter_.Compile(&table->atoms_);
  return table;
}

bool PatternTable::Literal::FindFrom(std::string_view in, size_t pos,
                                     Span* span) const {
  while (pos <= in.size()) {
    const size_t at = in.find(text, pos);
    if (at == std::string_view::npos) return false;
    if ((!boundary_before || WordBoundary(in, at)) &&
        (!boundary_after || WordBoundary(in, at + text.size()))) {
      span->begin = at;
      span->end = at + text.size();
      return true;
    }
    pos = at + 1;
  }
  return false;
}

TableSearch::TableSearch(const PatternTable& table, std::string_view text,
                         const std::vector<int>* candidates)
    : table_(table),
      text_(text),
      candidates_(*candidates),
      memo_(candidates->size()) {
  for (int e : candidates_) {
    const auto& units = table_.entry_units_[e];
    units_.insert(units_.end(), units.begin(), units.end());
  }
  std::sort(units_.begin(), units_.end());
  for (const auto& [p, u] : units_) {
    if (patterns_.empty() || patterns_.back() != p) patterns_.push_back(p);
  }
}

int TableSearch::Candidate(int entry) const {
  auto it = std::lower_bound(candidates_.begin(), candidates_.end(), entry);
  if (it == candidates_.end() || *it != entry) return -1;
  return static_cast<int>(it - candidates_.begin());
}

bool TableSearch::FindLeaf(int entry, size_t pos, Span* span) {
  const int c = Candidate(entry);
  if (c < 0) return false;
  Memo& m = memo_[c];
  // The leftmost match from `from` is also the leftmost from any later
  // position up to its start; no match from `from` means none after it.
  if (m.valid && m.from <= pos && (!m.found || pos <= m.span.begin)) {
    *span = m.span;
    return m.found;
  }
  m.valid = true;
  m.from = pos;
  const PatternTable::Entry& e = table_.entries_[entry];
  m.found = e.literal ? e.literal->FindFrom(text_, pos, &m.span)
                      : e.searcher->FindFrom(text_, pos, &m.span);
  *span = m.span;
  return m.found;
}

bool TableSearch::FindUnit(const PatternTable::Unit& unit, size_t pos,
                           Span* span) {
  if (unit.leaf >= 0) return FindLeaf(unit.leaf, pos, span);
  if (Candidate(unit.full) < 0) return false;
  const RE2& full = table_.filter_.GetRE2(unit.full);
  while (pos <= text_.size()) {
    // The head's leftmost start: the leftmost start of any of its leaves.
    size_t start = text_.size() + 1;
    for (int h : unit.head) {
      Span s;
      if (FindLeaf(h, pos, &s)) start = std::min(start, s.begin);
    }
    if (start > text_.size()) return false;
    re2::StringPiece m;
    if (full.Match(text_, start, text_.size(), RE2::ANCHOR_START, &m, 1)) {
      span->begin = start;
      span->end = start + m.size();
      return true;
    }
    pos = start + 1;
  }
  return false;
}

bool TableSearch::FindFrom(int p, size_t pos, Span* span) {
  bool found = false;
  auto it = std::lower_bound(units_.begin(), units_.end(),
                             std::make_pair(p, 0));
  for (; it != units_.end() && it->first == p; ++it) {
    const PatternTable::Unit& unit = table_.units_[p][it->second];
    Span s;
    // Leftmost start wins; on a tie the earlier alternative.
    if (FindUnit(unit, pos, &s) && (!found || s.begin < span->begin)) {
      *span = s;
      found = true;
    }
  }
  return found;
}

}  // namespace internal
}  // namespace triage
