// TableSearch: one message's search of a PatternTable (see matcher.h).
#include <algorithm>
#include <optional>

#include "src/bits.h"
#include "src/enumerate.h"
#include "src/matcher.h"

namespace triage {
namespace internal {

TableSearch::TableSearch(const PatternTable& table, std::string_view text,
                         const Candidates* candidates, Scratch* scratch,
                         const uint8_t* skip)
    : table_(table),
      text_(text),
      candidates_(candidates->entries),
      literals_(candidates->literals),
      all_literals_(candidates->all_literals),
      own_(scratch == nullptr ? std::make_unique<Scratch>() : nullptr),
      scratch_(scratch == nullptr ? *own_ : *scratch),
      memo_(scratch_.memo),
      patterns_(scratch_.patterns),
      heads_(scratch_.heads) {
  memo_.assign(candidates_.size(), Memo());
  patterns_.clear();
  std::vector<int>& index = scratch_.candidate_index;
  if (index.size() < table_.entries_.size()) {
    index.assign(table_.entries_.size(), -1);
  }
  for (size_t c = 0; c < candidates_.size(); ++c) {
    index[candidates_[c]] = static_cast<int>(c);
  }
  if (!all_literals_) {
    std::vector<uint8_t>& occurs = scratch_.literal_occurs;
    if (occurs.size() < table_.literal_defs_.size()) {
      occurs.assign(table_.literal_defs_.size(), 0);
    }
    for (int l : literals_) occurs[l] = 1;
  }
  // Each pattern's candidate units as a list (FindFrom breaks ties by unit,
  // so their order does not matter), and the patterns ascending through a
  // bitset: no sorting.
  std::vector<int>& first = scratch_.first_unit;
  if (first.size() < table_.units_.size()) {
    first.assign(table_.units_.size(), -1);
  }
  std::vector<Scratch::UnitNode>& nodes = scratch_.units;
  nodes.clear();
  std::vector<uint64_t>& words = scratch_.pattern_words;
  const size_t num_words = (table_.units_.size() + 63) / 64;
  if (words.size() < num_words) words.assign(num_words, 0);
  for (int e : candidates_) {
    for (const auto& [p, u] : table_.entry_units_[e]) {
      if (skip != nullptr && skip[p] != 0) continue;
      nodes.push_back({u, first[p]});
      first[p] = static_cast<int>(nodes.size()) - 1;
      SetBit(words.data(), p);
    }
  }
  for (size_t i = 0; i < num_words; ++i) {
    ForEachSetBit(words[i], i * 64,
                  [&](size_t p) { patterns_.push_back(static_cast<int>(p)); });
    words[i] = 0;
  }
}

TableSearch::~TableSearch() {
  // Leave the scratch as found: nothing a candidate, no literal occurring,
  // no unit listed.
  for (int e : candidates_) scratch_.candidate_index[e] = -1;
  for (int p : patterns_) scratch_.first_unit[p] = -1;
  if (!all_literals_) {
    for (int l : literals_) scratch_.literal_occurs[l] = 0;
  }
}

int TableSearch::Candidate(int entry) const {
  return scratch_.candidate_index[entry];
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
  if (e.spelt) {
    // The leftmost start wins; on a tie the spelling RE2 prefers, which
    // comes first.
    size_t best = std::string::npos;
    size_t length = 0;
    for (int id : e.spelling) {
      if (!all_literals_ && !scratch_.literal_occurs[id]) {
        continue;
      }
      const Literal& lit = table_.literal_defs_[id];
      const size_t at = lit.FindFrom(text_, pos);
      if (at < best) {
        best = at;
        length = lit.text.size();
      }
    }
    m.found = best != std::string::npos;
    m.span = {best, best + length};
  } else {
    m.found = table_.Compiled(entry).searcher->FindFrom(text_, pos, &m.span);
  }
  *span = m.span;
  return m.found;
}

bool TableSearch::FindUnit(const PatternTable::Unit& unit, size_t pos,
                           Span* span) {
  if (unit.leaf >= 0) return FindLeaf(unit.leaf, pos, span);
  if (Candidate(unit.full) < 0) return false;
  const PatternTable::Entry::Gap* gap = table_.entries_[unit.full].gap.get();
  if (gap != nullptr && !TailMayOccur(*gap)) return false;
  while (pos <= text_.size()) {
    // The head's leftmost start: the leftmost start of any of its leaves;
    // and that of the leaves not spelt out.
    // (Each head leaf's start is kept, in the head's order, for the gap.)
    size_t start = text_.size() + 1;
    size_t regex_start = text_.size() + 1;
    std::vector<size_t>& begins = scratch_.head_begins;
    begins.clear();
    for (int h : unit.head) {
      Span s;
      if (!FindLeaf(h, pos, &s)) {
        begins.push_back(std::string_view::npos);
        continue;
      }
      begins.push_back(s.begin);
      start = std::min(start, s.begin);
      if (!table_.entries_[h].spelt) {
        regex_start = std::min(regex_start, s.begin);
      }
    }
    if (start > text_.size()) return false;
    std::optional<bool> matched;
    // Head leaves that do not start here cannot match here: where only
    // spelt ones start, their spellings decide.
    if (gap != nullptr && regex_start != start) {
      heads_.clear();
      for (size_t k = 0; k < unit.head.size(); ++k) {
        if (begins[k] == start) heads_.push_back(unit.head[k]);
      }
      matched = MatchGap(*gap, heads_, start, span);
    }
    if (!matched.has_value()) {
      re2::StringPiece m;
      matched = table_.Compiled(unit.full).re->Match(text_, start, text_.size(),
                                                     RE2::ANCHOR_START, &m, 1);
      if (*matched) *span = {start, start + m.size()};
    }
    if (*matched) return true;
    pos = start + 1;
  }
  return false;
}

bool TableSearch::TailMayOccur(const PatternTable::Entry::Gap& gap) const {
  for (const PatternTable::Entry::Gap::TailPart& part : gap.tail) {
    if (part.entry >= 0) {
      if (Candidate(part.entry) >= 0) return true;
      continue;
    }
    for (int id : part.literals) {
      if (all_literals_ || scratch_.literal_occurs[id]) return true;
    }
  }
  return false;
}

bool TableSearch::LastTailStart(const PatternTable::Entry::Gap::TailPart& part,
                                size_t lo, size_t hi, size_t* at,
                                size_t* length) {
  bool found = false;
  if (part.entry >= 0) {
    // Successive leftmost-first matches: each starts at the next place a
    // match can, with the match RE2 prefers there.
    Span m;
    for (size_t p = lo; p <= hi && FindLeaf(part.entry, p, &m) && m.begin <= hi;
         p = m.begin + 1) {
      *at = m.begin;
      *length = m.end - m.begin;
      found = true;
    }
    return found;
  }
  // The last occurrence starting in [lo, hi], with the earliest spelling on
  // a tie.
  for (int id : part.literals) {
    if (!all_literals_ && !scratch_.literal_occurs[id]) continue;
    const Literal& tail = table_.literal_defs_[id];
    const std::string_view window =
        text_.substr(0, std::min(text_.size(), hi + tail.text.size()));
    for (size_t q = window.find(tail.text, lo); q != std::string::npos;
         q = window.find(tail.text, q + 1)) {
      if ((!found || q > *at) && tail.MatchesAt(text_, q)) {
        *at = q;
        *length = tail.text.size();
        found = true;
      }
    }
  }
  return found;
}

std::optional<bool> TableSearch::MatchGap(const PatternTable::Entry::Gap& gap,
                                          const std::vector<int>& heads,
                                          size_t start, Span* span) {
  // RE2's order: each head spelling in turn (leaves in the head's order,
  // each leaf's spellings in its order); for it the longest gap first; at one
  // gap length the tail's alternatives in order. So the tail starts as late
  // as it can, and there the earliest alternative wins.
  for (int h : heads) {
    for (int id : table_.entries_[h].spelling) {
      if (!all_literals_ && !scratch_.literal_occurs[id]) continue;
      const Literal& head = table_.literal_defs_[id];
      if (!head.MatchesAt(text_, start)) continue;
      const std::optional<bool> matched =
          MatchGapAfter(gap, start, start + head.text.size(), span);
      if (!matched.has_value() || *matched) return matched;
    }
  }
  return false;
}

std::optional<bool> TableSearch::MatchGapAfter(
    const PatternTable::Entry::Gap& gap, size_t start, size_t at, Span* span) {
  // The gap is min..max characters other than newline: tails may start
  // anywhere in [lo, hi].
  size_t lo = gap.min == 0 ? at : std::string::npos;
  size_t hi = at;
  int chars = 0;
  while (chars < gap.max && hi < text_.size() && text_[hi] != '\n') {
    // RE2 versions differ on which invalid sequences `.` takes.
    const size_t n = ValidUtf8CharLength(text_, hi);
    if (n == 0) return std::nullopt;
    hi += n;
    if (++chars == gap.min) lo = hi;
  }
  if (chars < gap.min) return false;
  bool found = false;
  size_t best = 0;
  size_t best_length = 0;
  for (const PatternTable::Entry::Gap::TailPart& part : gap.tail) {
    size_t q = 0;
    size_t length = 0;
    if (LastTailStart(part, lo, hi, &q, &length) && (!found || q > best)) {
      best = q;
      best_length = length;
      found = true;
    }
  }
  if (found) *span = {start, best + best_length};
  return found;
}

bool TableSearch::FindFrom(int p, size_t pos, Span* span) {
  bool found = false;
  int best = 0;
  const std::vector<Scratch::UnitNode>& nodes = scratch_.units;
  for (int k = scratch_.first_unit[p]; k >= 0; k = nodes[k].next) {
    const int u = nodes[k].unit;
    Span s;
    // Leftmost start wins; on a tie the earlier alternative.
    if (FindUnit(table_.units_[p][u], pos, &s) &&
        (!found || s.begin < span->begin ||
         (s.begin == span->begin && u < best))) {
      *span = s;
      best = u;
      found = true;
    }
  }
  return found;
}

}  // namespace internal
}  // namespace triage
