// The default engine's literal stage: finds where the table's anchors (see
// PatternTable::anchor()) occur by looking the text's bytes up in hash tables
// of the anchor texts, at each place a UTF-8 character starts.
//
// Why not one RE2::Set of the anchors (what this engine used before): a set
// of ~9,000 plain strings over UTF-8 has the states of a string-matching
// automaton, but RE2 builds them lazily, one per new (state, byte class)
// pair, and Chinese text keeps reaching new pairs: on the default pack, after
// 20,000 messages a new short message still cost ~11,000 instructions in
// the set (7,600 of them building states), ~3,400 once every state it needs
// exists. A lookup per character costs the same for every message, seen or
// new, and needs no memory budget.
//
// The anchors are at most 6 bytes rounded up to a whole character, so at
// most 9 bytes. Each is looked up by its first bytes: 1-2 byte texts by
// their first byte (a direct table), 3-5 byte texts by their first three,
// longer ones by their first six (hash tables, behind a bitmap of the keys'
// hashes that rejects most places at the cost of one load); the rest of a
// text is compared under a mask. Every anchor text starts with an ASCII
// byte or a UTF-8 lead byte, so only places holding such a byte are looked
// at; a text that is not valid UTF-8 is searched the same way, with the
// same result as a byte-wise search.
#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "src/matcher.h"

namespace triage {
namespace internal {
namespace {

// Up to 8 bytes of `text` from `pos`, as loaded from memory (zeros past the
// end): the same function builds the index and reads the text, so byte
// order does not matter.
inline uint64_t Load8(const char* text, size_t pos, size_t size) {
  uint64_t w = 0;
  std::memcpy(&w, text + pos, std::min<size_t>(8, size - pos));
  return w;
}

// The mask selecting the first `n` (<= 8) bytes of a Load8 word.
uint64_t FirstBytesMask(size_t n) {
  const char ones[8] = {'\xff', '\xff', '\xff', '\xff',
                        '\xff', '\xff', '\xff', '\xff'};
  return Load8(ones, 0, n);
}

class IndexFinder : public CandidateFinder {
 public:
  explicit IndexFinder(const PatternTable& table) : table_(table) {
    PatternTable::AnchorTexts grouped = table_.GroupAnchorsByText();
    text_anchors_ = FlatLists<int>(grouped.anchors);
    mask3_ = FirstBytesMask(3);
    mask6_ = FirstBytesMask(6);
    // Probes grouped by key, each group contiguous in probes_.
    std::array<std::vector<Probe>, 256> by_byte;
    absl::flat_hash_map<uint64_t, std::vector<Probe>> by3, by6;
    for (size_t t = 0; t < grouped.texts.size(); ++t) {
      const std::string_view s = grouped.texts[t];
      if (s.empty()) continue;  // Anchors are never empty.
      Probe probe;
      probe.bytes = Load8(s.data(), 0, s.size());
      probe.mask = FirstBytesMask(std::min<size_t>(s.size(), 8));
      probe.size = static_cast<uint32_t>(s.size());
      probe.text = static_cast<int>(t);
      probe.rest = s.size() > 8 ? s.substr(8) : std::string_view();
      if (s.size() <= 2) {
        by_byte[static_cast<unsigned char>(s[0])].push_back(probe);
      } else if (s.size() <= 5) {
        by3[probe.bytes & mask3_].push_back(probe);
      } else {
        by6[probe.bytes & mask6_].push_back(probe);
      }
    }
    for (size_t b = 0; b < 256; ++b) by_byte_[b] = Add(by_byte[b]);
    for (const auto& [key, probes] : by3) {
      by3_[key] = Add(probes);
      Mark(key);
    }
    for (const auto& [key, probes] : by6) {
      by6_[key] = Add(probes);
      Mark(key);
    }
  }

  void Find(std::string_view text, Candidates* out) const override {
    out->Clear();
    if (table_.num_entries() == 0) return;
    const char* p = text.data();
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
      const unsigned char b = static_cast<unsigned char>(p[i]);
      if ((b & 0xC0) == 0x80) continue;  // No anchor starts here.
      const uint64_t w = Load8(p, i, n);
      const size_t left = n - i;
      const Range r = by_byte_[b];
      if (r.begin != r.end) Check(text, i, w, left, r, &out->literals);
      if (left < 3) continue;
      const uint64_t key3 = w & mask3_;
      if (MaybeKey(key3)) {
        auto it = by3_.find(key3);
        if (it != by3_.end())
          Check(text, i, w, left, it->second, &out->literals);
      }
      if (left < 6) continue;
      const uint64_t key6 = w & mask6_;
      if (MaybeKey(key6)) {
        auto it = by6_.find(key6);
        if (it != by6_.end())
          Check(text, i, w, left, it->second, &out->literals);
      }
    }
    table_.EntriesWithLiterals(out);
  }

 private:
  // An anchor text: its first (up to) 8 bytes under a mask, the rest as is.
  struct Probe {
    uint64_t bytes = 0;
    uint64_t mask = 0;
    uint32_t size = 0;
    int text = 0;  // index into GroupAnchorsByText().texts
    std::string_view rest;
  };
  struct Range {
    uint32_t begin = 0;
    uint32_t end = 0;
  };

  Range Add(const std::vector<Probe>& probes) {
    Range r;
    r.begin = static_cast<uint32_t>(probes_.size());
    probes_.insert(probes_.end(), probes.begin(), probes.end());
    r.end = static_cast<uint32_t>(probes_.size());
    return r;
  }

  // A bitmap of the keys' hashes: a key not marked is in neither table.
  static size_t KeyBit(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 48);
  }
  void Mark(uint64_t key) {
    const size_t bit = KeyBit(key);
    key_bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  bool MaybeKey(uint64_t key) const {
    const size_t bit = KeyBit(key);
    return (key_bits_[bit / 64] >> (bit % 64)) & 1;
  }

  // Reports the literals of each probe in `r` whose text occurs at byte
  // `pos` (`w`: the text's next 8 bytes, `left` of them in the text).
  void Check(std::string_view text, size_t pos, uint64_t w, size_t left,
             Range r, std::vector<int>* out) const {
    for (uint32_t k = r.begin; k < r.end; ++k) {
      const Probe& probe = probes_[k];
      if ((w & probe.mask) != probe.bytes || probe.size > left) continue;
      if (!probe.rest.empty() &&
          text.compare(pos + 8, probe.rest.size(), probe.rest) != 0) {
        continue;
      }
      table_.LiteralsAt(text, text_anchors_[probe.text], pos, out);
    }
  }

  const PatternTable& table_;
  FlatLists<int> text_anchors_;  // anchor text -> the anchors with it
  std::vector<Probe> probes_;
  std::array<Range, 256> by_byte_;            // texts of 1-2 bytes
  absl::flat_hash_map<uint64_t, Range> by3_;  // of 3-5 bytes
  absl::flat_hash_map<uint64_t, Range> by6_;  // of 6 bytes and more
  std::array<uint64_t, 1024> key_bits_{};     // 65,536 bits
  uint64_t mask3_ = 0;
  uint64_t mask6_ = 0;
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

std::unique_ptr<CandidateFinder> NewIndexFinder(const PatternTable& table) {
  return std::make_unique<IndexFinder>(table);
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
