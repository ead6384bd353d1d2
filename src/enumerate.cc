#include "src/enumerate.h"

#include <unicode/utf8.h>

#include <utility>

#include "re2/re2.h"

namespace triage {
namespace internal {
namespace {

// Assertions inside an expansion, before they are resolved.
constexpr char kBoundary = '\x01';
constexpr char kStart = '\x02';
constexpr char kEnd = '\x03';

// Repeats longer than this are not expanded (`{0,6}` is a gap, not a word).
constexpr int kMaxRepeat = 4;
// Character classes with more members than this are not expanded.
constexpr size_t kMaxClass = 16;

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

class Expander {
 public:
  using List = std::vector<std::string>;
  Expander(std::string_view p, size_t limit) : p_(p), limit_(limit) {}

  std::optional<List> Run() {
    List out = Alternation();
    if (failed_ || i_ != p_.size()) return std::nullopt;
    return out;
  }

 private:
  List Fail() {
    failed_ = true;
    return {};
  }

  // Every a+b, in preference order (a's choice first).
  List Product(const List& a, const List& b) {
    if (a.size() * b.size() > limit_) return Fail();
    List out;
    out.reserve(a.size() * b.size());
    for (const std::string& x : a) {
      for (const std::string& y : b) out.push_back(x + y);
    }
    return out;
  }

  List Alternation() {
    List out = Sequence();
    while (!failed_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      List more = Sequence();
      out.insert(out.end(), more.begin(), more.end());
      if (out.size() > limit_) return Fail();
    }
    return out;
  }

  List Sequence() {
    List acc = {""};
    while (!failed_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      List atom = Atom();
      if (failed_) return {};
      atom = Quantified(std::move(atom));
      if (failed_) return {};
      acc = Product(acc, atom);
    }
    return acc;
  }

  // Applies a quantifier following an atom, if any.
  List Quantified(List atom) {
    if (i_ >= p_.size()) return atom;
    int min = 1, max = 1;
    const char c = p_[i_];
    if (c == '?') {
      min = 0;
      ++i_;
    } else if (c == '{') {
      size_t j = i_ + 1;
      auto number = [&](int* v) {
        const size_t from = j;
        *v = 0;
        while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && *v < 1000) {
          *v = *v * 10 + (p_[j++] - '0');
        }
        return j > from;
      };
      if (!number(&min)) return Fail();
      max = min;
      if (j < p_.size() && p_[j] == ',') {
        ++j;
        if (!number(&max)) return Fail();  // {n,} is unbounded.
      }
      if (j >= p_.size() || p_[j] != '}' || max < min || max > kMaxRepeat) {
        return Fail();
      }
      i_ = j + 1;
    } else if (c == '*' || c == '+') {
      return Fail();
    } else {
      return atom;
    }
    const bool lazy = i_ < p_.size() && p_[i_] == '?';
    if (lazy) ++i_;
    // X{m,n} is m copies of X, then (X(X...)?)? : each optional copy is
    // settled before the next one is tried. Greedy tries a copy first, lazy
    // tries stopping first.
    List optional = {""};
    for (int k = 0; k < max - min && !failed_; ++k) {
      List more = Product(atom, optional);
      if (failed_) return {};
      List next;
      if (lazy) next.push_back("");
      next.insert(next.end(), more.begin(), more.end());
      if (!lazy) next.push_back("");
      if (next.size() > limit_) return Fail();
      optional = std::move(next);
    }
    List out = {""};
    for (int k = 0; k < min && !failed_; ++k) out = Product(out, atom);
    if (failed_) return {};
    return Product(out, optional);
  }

  List Atom() {
    const char c = p_[i_];
    switch (c) {
      case '(': {
        if (p_.compare(i_, 3, "(?:") == 0) {
          i_ += 3;
        } else if (p_.compare(i_, 2, "(?") == 0) {
          return Fail();  // Flags or named groups.
        } else {
          ++i_;
        }
        List inner = Alternation();
        if (failed_ || i_ >= p_.size() || p_[i_] != ')') return Fail();
        ++i_;
        return inner;
      }
      case '[':
        return Class();
      case '\\': {
        if (i_ + 1 >= p_.size()) return Fail();
        const char e = p_[i_ + 1];
        i_ += 2;
        if (e == 'b') return {std::string(1, kBoundary)};
        if (e == 'd') return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        if (e == 's') return {"\t", "\n", "\f", "\r", " "};
        if (IsPunct(e)) return {std::string(1, e)};
        return Fail();  // Classes (\w, \p{..}), \B, \A, \z, codes.
      }
      case '^':
        ++i_;
        return {std::string(1, kStart)};
      case '$':
        ++i_;
        return {std::string(1, kEnd)};
      case '.':
      case '*':
      case '+':
      case '?':
      case '{':
        return Fail();
      default: {
        if (c == kBoundary || c == kStart || c == kEnd) return Fail();
        const size_t n = Utf8CharLength(p_, i_);
        std::string ch(p_.substr(i_, n));
        i_ += n;
        return {ch};
      }
    }
  }

  List Class() {
    size_t j = i_ + 1;
    if (j < p_.size() && p_[j] == '^') return Fail();
    List members;
    bool first = true;
    while (j < p_.size() && (p_[j] != ']' || first)) {
      first = false;
      std::string ch;
      if (p_[j] == '\\') {
        if (j + 1 >= p_.size() || !IsPunct(p_[j + 1])) return Fail();
        ch = std::string(1, p_[j + 1]);
        j += 2;
      } else if (p_[j] == '[') {
        return Fail();  // [:alpha:] and the like.
      } else {
        const size_t n = Utf8CharLength(p_, j);
        ch = std::string(p_.substr(j, n));
        j += n;
      }
      // An ASCII range such as 0-9.
      if (j + 1 < p_.size() && p_[j] == '-' && p_[j + 1] != ']') {
        const char hi = p_[j + 1];
        if (ch.size() != 1 || static_cast<unsigned char>(hi) >= 0x80 ||
            hi == '\\' || hi < ch[0]) {
          return Fail();
        }
        if (hi - ch[0] >= static_cast<int>(kMaxClass)) return Fail();
        for (int x = ch[0]; x <= hi; ++x) {
          members.emplace_back(1, static_cast<char>(x));
        }
        j += 2;
      } else {
        members.push_back(std::move(ch));
      }
      if (members.size() > kMaxClass) return Fail();
    }
    if (j >= p_.size()) return Fail();
    i_ = j + 1;
    return members;
  }

  std::string_view p_;
  size_t limit_;
  size_t i_ = 0;
  bool failed_ = false;
};

// Whether `p` certainly has no spelling: a construct the Expander fails on,
// or more alternatives than `limit` (each `|` adds at least one expansion).
// A quick scan, so that long lexicon patterns are not expanded in vain.
bool CannotSpell(std::string_view p, size_t limit) {
  size_t bars = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.size() && p[i + 1] != 'b' && p[i + 1] != 'd' &&
            p[i + 1] != 's' && !IsPunct(p[i + 1])) {
          return true;
        }
        ++i;
        break;
      case '[':
        if (i + 1 < p.size() && p[i + 1] == '^') return true;
        for (i += 2; i < p.size() && p[i] != ']'; ++i) {
          if (p[i] == '\\') ++i;
        }
        break;
      case '(':
        if (p.compare(i, 2, "(?") == 0 && p.compare(i, 3, "(?:") != 0) {
          return true;
        }
        break;
      case '.':
      case '*':
      case '+':
        return true;
      case '|':
        if (++bars >= limit) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

// Resolves the assertions of one expansion; false when it cannot match.
bool Resolve(std::string_view raw, Literal* out) {
  bool pending_boundary = false;
  for (const char c : raw) {
    if (c == kBoundary) {
      pending_boundary = true;
    } else if (c == kStart) {
      if (!out->text.empty()) return false;
      out->at_start = true;
    } else if (c == kEnd) {
      out->at_end = true;
    } else {
      if (out->at_end) return false;  // Text after $.
      if (pending_boundary) {
        if (out->text.empty()) {
          out->boundary_before = true;
        } else if (IsWordByte(out->text.back()) == IsWordByte(c)) {
          return false;
        }
        pending_boundary = false;
      }
      out->text.push_back(c);
    }
  }
  if (pending_boundary) {
    if (out->text.empty()) {
      out->boundary_before = true;  // Same place: before == after.
    } else {
      out->boundary_after = true;
    }
  }
  return true;
}

}  // namespace

size_t ValidUtf8CharLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  // ICU's reader refuses overlong forms, surrogates and code points past
  // U+10FFFF (c < 0).
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, j, static_cast<int32_t>(s.size()), c);
  return c < 0 ? 0 : static_cast<size_t>(j) - i;
}

size_t Utf8CharLength(std::string_view p, size_t i) {
  size_t n = 1;
  while (i + n < p.size() &&
         (static_cast<unsigned char>(p[i + n]) & 0xC0) == 0x80) {
    ++n;
  }
  return n;
}

bool WordBoundary(std::string_view text, size_t i) {
  const bool before = i > 0 && IsWordByte(text[i - 1]);
  const bool after = i < text.size() && IsWordByte(text[i]);
  return before != after;
}

bool Literal::MatchesAt(std::string_view in, size_t pos) const {
  if (pos > in.size() || in.size() - pos < text.size()) return false;
  if (in.compare(pos, text.size(), text) != 0) return false;
  return AssertionsHoldAt(in, pos);
}

bool Literal::AssertionsHoldAt(std::string_view in, size_t pos) const {
  const size_t end = pos + text.size();
  return (!at_start || pos == 0) && (!at_end || end == in.size()) &&
         (!boundary_before || WordBoundary(in, pos)) &&
         (!boundary_after || WordBoundary(in, end));
}

size_t Literal::FindFrom(std::string_view in, size_t pos) const {
  if (at_start) return pos == 0 && MatchesAt(in, 0) ? 0 : std::string::npos;
  if (at_end) {
    if (in.size() < text.size() || in.size() - text.size() < pos) {
      return std::string::npos;
    }
    const size_t at = in.size() - text.size();
    return MatchesAt(in, at) ? at : std::string::npos;
  }
  while (pos <= in.size()) {
    const size_t at = in.find(text, pos);
    if (at == std::string_view::npos) return std::string::npos;
    if (AssertionsHoldAt(in, at)) return at;
    pos = at + 1;
  }
  return std::string::npos;
}

std::string Literal::ToRegex() const {
  std::string out;
  if (at_start) out += "^";
  if (boundary_before) out += "\\b";
  out += RE2::QuoteMeta(text);
  if (boundary_after) out += "\\b";
  if (at_end) out += "$";
  return out;
}

std::optional<std::vector<Literal>> EnumerateLiterals(std::string_view pattern,
                                                      size_t limit) {
  if (CannotSpell(pattern, limit)) return std::nullopt;
  std::optional<std::vector<std::string>> raw = Expander(pattern, limit).Run();
  if (!raw) return std::nullopt;
  std::vector<Literal> out;
  for (const std::string& r : *raw) {
    Literal lit;
    if (!Resolve(r, &lit)) continue;
    bool seen = false;
    for (const Literal& o : out) seen = seen || o == lit;
    if (!seen) out.push_back(std::move(lit));
  }
  return out;
}

}  // namespace internal
}  // namespace triage
