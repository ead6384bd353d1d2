// A PatternTable's plan as bytes, so Create can skip planning a pack it has
// planned before (the library embeds the default pack's plan).
//
// Layout: numbers u32 and u64 are LEB128 (seven bits a byte, low first),
// i32 the same of the value + 1 (an index or -1); a string is its u32
// length then its bytes; a list its u32 size then its items.
//   magic "triage-plan", u64 key (PlanKey), u64 budget,
//   entries: (u8 flags [spelt, leaf, gap], u64 share, string text,
//             list<u32> spelling, and with a gap: u32 min, u32 max,
//             tail: list of (i32 entry, list<u32> literals)),
//   units: list per pattern of (i32 leaf, i32 full, list<u32> head),
//   checked: list<(u32 entry, u32 pattern)>,
//   literals, anchors: lists of (u8 assertions, string text),
//   anchor_whole: list<i32>, anchor_literals: list of list<u32>,
//   literal_entries: list of list<(u32 entry - previous entry of the list,
//                    u32 place of the requirement bit)>,
//   entry_needs: list<u32>, unconditional: list<u32>,
//   then a fingerprint of all the above, eight bytes little-endian.
// Reading checks the fingerprint and every index against the sizes it
// refers to, so a damaged plan is refused rather than trusted.

#include <optional>

#include "src/fingerprint.h"
#include "src/matcher.h"

namespace triage {
namespace internal {
namespace {

constexpr std::string_view kMagic = "triage-plan";
// Changes whenever the layout or the planning does, so that no plan made by
// another version of the planner is taken.
constexpr uint64_t kPlanVersion = 8;

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  // LEB128: 7 bits a byte, low first; the high bit says more follow.
  void U64(uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<uint8_t>(v));
  }
  void U32(uint32_t v) { U64(v); }
  // An index or -1.
  void Opt(int v) { U32(static_cast<uint32_t>(v + 1)); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void Size(size_t n) { U32(static_cast<uint32_t>(n)); }
  template <typename T, typename F>
  void List(const T& items, F item) {
    Size(items.size());
    for (const auto& i : items) item(i);
  }
  // Lists of lists; `item(value, k)` writes the k-th value of its list.
  template <typename T, typename F>
  void Flat(const FlatLists<T>& lists, F item) {
    Size(lists.size());
    for (size_t i = 0; i < lists.size(); ++i) {
      Size(lists[i].size());
      for (size_t k = 0; k < lists[i].size(); ++k) item(lists[i][k], k);
    }
  }
  void Ints(const std::vector<int>& v) {
    List(v, [&](int i) { U32(static_cast<uint32_t>(i)); });
  }
  void Lit(const Literal& l) {
    U8(l.assertions());
    Str(l.text);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

// Reads what Writer wrote; any read past the end or out of range makes ok()
// false for good (and returns zeros).
class PlanReader {
 public:
  explicit PlanReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

  uint8_t U8() {
    if (in_.empty()) {
      ok_ = false;
      return 0;
    }
    const auto v = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = U8();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok_ = false;  // More than ten bytes.
    return 0;
  }
  uint32_t U32() {
    const uint64_t v = U64();
    if (v > UINT32_MAX) ok_ = false;
    return ok_ ? static_cast<uint32_t>(v) : 0;
  }
  // An index below `bound`, or -1.
  int Opt(size_t bound) {
    const uint32_t v = U32();
    if (v > bound) ok_ = false;
    return ok_ ? static_cast<int>(v) - 1 : 0;
  }
  std::string_view Bytes(size_t n) {
    if (!ok_ || n > in_.size()) {
      ok_ = false;
      return {};
    }
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  std::string Str() { return std::string(Bytes(U32())); }
  // A list size: each item takes at least one byte, so a size beyond the
  // bytes left is damage (and never allocates absurd amounts).
  size_t Size() {
    const uint32_t n = U32();
    if (n > in_.size()) ok_ = false;
    return ok_ ? n : 0;
  }
  // An index below `bound`.
  int Index(size_t bound) {
    const uint32_t v = U32();
    if (v >= bound) ok_ = false;
    return ok_ ? static_cast<int>(v) : 0;
  }
  std::vector<int> Indices(size_t bound) {
    std::vector<int> v(Size());
    for (int& i : v) i = Index(bound);
    return v;
  }
  Literal Lit() {
    Literal l;
    l.set_assertions(U8());
    l.text = Str();
    return l;
  }
  // What Writer::Flat wrote; `item(k)` reads the k-th value of its list.
  template <typename T, typename F>
  bool Flat(FlatLists<T>* out, F item) {
    std::vector<uint32_t> begins(Size() + 1, 0);
    std::vector<T> items;
    for (size_t i = 1; i < begins.size() && ok_; ++i) {
      const size_t n = Size();
      for (size_t k = 0; k < n && ok_; ++k) items.push_back(item(k));
      begins[i] = static_cast<uint32_t>(items.size());
    }
    return ok_ && out->Assign(std::move(begins), std::move(items));
  }
  // Marks the plan damaged (a value read is out of range).
  void Fail() { ok_ = false; }

 private:
  std::string_view in_;
  bool ok_ = true;
};

namespace {

// The plan without its trailing checksum, if the checksum is right.
std::optional<std::string_view> WithoutChecksum(std::string_view plan) {
  if (plan.size() < 8) return std::nullopt;
  uint64_t sum = 0;
  for (int i = 0; i < 8; ++i) {
    sum |= uint64_t{static_cast<unsigned char>(plan[plan.size() - 8 + i])}
           << (8 * i);
  }
  plan.remove_suffix(8);
  if (Fingerprint().Add(plan).digest() != sum) return std::nullopt;
  return plan;
}

}  // namespace

uint64_t PatternTable::PlanKey(const std::vector<std::string>& patterns,
                               int64_t budget) {
  Fingerprint fp;
  fp.Add(kMagic)
      .AddNumber(kPlanVersion)
      .AddNumber(static_cast<uint64_t>(budget));
  fp.AddNumber(patterns.size());
  for (const std::string& p : patterns) fp.Add(p);
  return fp.digest();
}

std::string PatternTable::SerializePlan() const {
  Writer w;
  w.Str(kMagic);
  w.U64(plan_key_);
  w.U64(static_cast<uint64_t>(budget_));
  w.List(entries_, [&](const Entry& e) {
    w.U8(static_cast<uint8_t>(e.spelt | e.leaf << 1 | (e.gap != nullptr) << 2));
    w.U64(static_cast<uint64_t>(e.share));
    // A compiled entry's text is in its regex.
    w.Str(e.re != nullptr ? std::string_view(e.re->pattern()) : e.text);
    w.Ints(e.spelling);
    if (e.gap != nullptr) {
      w.U32(static_cast<uint32_t>(e.gap->min));
      w.U32(static_cast<uint32_t>(e.gap->max));
      w.List(e.gap->tail, [&](const Entry::Gap::TailPart& part) {
        w.Opt(part.entry);
        w.Ints(part.literals);
      });
    }
  });
  w.List(units_, [&](const std::vector<Unit>& units) {
    w.List(units, [&](const Unit& u) {
      w.Opt(u.leaf);
      w.Opt(u.full);
      w.Ints(u.head);
    });
  });
  w.List(checked_, [&](const std::pair<int, int>& c) {
    w.U32(static_cast<uint32_t>(c.first));
    w.U32(static_cast<uint32_t>(c.second));
  });
  w.List(literal_defs_, [&](const Literal& l) { w.Lit(l); });
  w.List(anchor_defs_, [&](const Literal& l) { w.Lit(l); });
  w.List(anchor_whole_, [&](int l) { w.Opt(l); });
  w.Flat(anchor_longer_, [&](const LongerLiteral& x, size_t) {
    w.U32(static_cast<uint32_t>(x.literal));
  });
  // Postings: entries ascending within a list, so each as the difference
  // from the one before; the requirement bit (a single bit) by its place.
  int previous = 0;
  w.Flat(PlanPostings(), [&](const std::pair<int, uint32_t>& p, size_t k) {
    if (k == 0) previous = 0;
    w.U32(static_cast<uint32_t>(p.first - previous));
    previous = p.first;
    int place = 0;
    while ((p.second >> place) != 1) ++place;
    w.U32(static_cast<uint32_t>(place));
  });
  w.List(entry_needs_, [&](uint32_t n) { w.U32(n); });
  w.Ints(unconditional_);
  std::string out = w.Take();
  const uint64_t sum = Fingerprint().Add(out).digest();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(sum >> (8 * i)));
  return out;
}

bool PatternTable::LoadPlan(std::string_view plan, uint64_t key,
                            std::vector<std::pair<int, int>>* checks) {
  const std::optional<std::string_view> body = WithoutChecksum(plan);
  if (!body) return false;
  PlanReader r(*body);
  if (r.Str() != kMagic || r.U64() != key || !r.ok()) return false;
  plan_key_ = key;
  budget_ = static_cast<int64_t>(r.U64());
  if (!ReadEntries(r) || !ReadUnits(r, checks) || !ReadLiterals(r)) {
    return false;
  }
  entry_needs_.resize(r.Size());
  for (uint32_t& n : entry_needs_) n = r.U32();
  unconditional_ = r.Indices(entries_.size());
  if (!r.done() || entry_needs_.size() != entries_.size() ||
      !EntryLiteralsValid()) {
    return false;
  }
  IndexUnits();
  IndexForSearch();
  return true;
}

bool PatternTable::ReadEntries(PlanReader& r) {
  const size_t num_entries = r.Size();
  for (size_t e = 0; e < num_entries && r.ok(); ++e) {
    Entry& entry = entries_.emplace_back();
    const uint8_t flags = r.U8();
    entry.spelt = flags & 1;
    entry.leaf = flags & 2;
    entry.share = static_cast<int64_t>(r.U64());
    entry.text = r.Str();
    // Literal indices are checked once the literals are read.
    entry.spelling = r.Indices(SIZE_MAX);
    if (flags & 4) {
      entry.gap = std::make_unique<Entry::Gap>();
      entry.gap->min = static_cast<int>(r.U32());
      entry.gap->max = static_cast<int>(r.U32());
      const size_t parts = r.Size();
      for (size_t k = 0; k < parts && r.ok(); ++k) {
        Entry::Gap::TailPart& part = entry.gap->tail.emplace_back();
        part.entry = r.Opt(num_entries);
        part.literals = r.Indices(SIZE_MAX);
      }
      if (entry.gap->max < entry.gap->min || entry.gap->max > 9999) {
        return false;
      }
    }
  }
  return r.ok();
}

bool PatternTable::ReadUnits(PlanReader& r,
                             std::vector<std::pair<int, int>>* checks) {
  const size_t num_entries = entries_.size();
  units_.resize(r.Size());
  for (std::vector<Unit>& units : units_) {
    units.resize(r.Size());
    for (Unit& u : units) {
      u.leaf = r.Opt(num_entries);
      u.full = r.Opt(num_entries);
      u.head = r.Indices(num_entries);
      // Exactly one of leaf and full names an entry.
      if ((u.leaf >= 0) == (u.full >= 0)) return false;
    }
  }
  checks->resize(r.Size());
  for (auto& [e, p] : *checks) {
    e = r.Index(num_entries);
    p = r.Index(units_.size());
  }
  return r.ok();
}

bool PatternTable::ReadLiterals(PlanReader& r) {
  literal_defs_.resize(r.Size());
  for (Literal& l : literal_defs_) l = r.Lit();
  anchor_defs_.resize(r.Size());
  for (Literal& l : anchor_defs_) l = r.Lit();
  anchor_whole_.resize(r.Size());
  for (int& l : anchor_whole_) l = r.Opt(literal_defs_.size());
  uint64_t entry = 0;  // Postings as SerializePlan writes them.
  auto posting = [&](size_t k) {
    if (k == 0) entry = 0;
    entry += r.U32();
    const uint32_t place = r.U32();
    if (entry >= entries_.size() || place >= 32) r.Fail();
    return std::make_pair(r.ok() ? static_cast<int>(entry) : 0,
                          uint32_t{1} << (place % 32));
  };
  return r.Flat(&anchor_literals_,
                [&](size_t) { return r.Index(literal_defs_.size()); }) &&
         r.Flat(&literal_entries_, posting) &&
         anchor_whole_.size() == anchor_defs_.size() &&
         anchor_literals_.size() == anchor_defs_.size() &&
         literal_entries_.size() == literal_defs_.size();
}

bool PatternTable::EntryLiteralsValid() const {
  auto valid = [&](const std::vector<int>& ids) {
    for (int l : ids) {
      if (l < 0 || l >= static_cast<int>(literal_defs_.size())) return false;
    }
    return true;
  };
  for (const Entry& entry : entries_) {
    if (!valid(entry.spelling)) return false;
    if (entry.gap == nullptr) continue;
    for (const Entry::Gap::TailPart& part : entry.gap->tail) {
      if (!valid(part.literals)) return false;
    }
  }
  return true;
}

}  // namespace internal
}  // namespace triage
