#include "src/split_regex.h"

#include <algorithm>

#include "src/enumerate.h"

namespace triage {
namespace internal {
namespace {

// Length of the atom starting at pattern[i] at top level: an escape, a
// character class, a group, or one UTF-8 character.
size_t AtomLength(std::string_view p, size_t i) {
  if (p[i] == '\\') {
    if (i + 1 >= p.size()) return 1;
    const char c = p[i + 1];
    if (c == 'p' || c == 'P' || c == 'x') {
      // \p{Han}, \x{4e00}; \pN; \x41.
      if (i + 2 < p.size() && p[i + 2] == '{') {
        const size_t close = p.find('}', i + 2);
        return close == std::string_view::npos ? 0 : close - i + 1;
      }
      if (c == 'x') return std::min<size_t>(4, p.size() - i);
      return std::min<size_t>(3, p.size() - i);
    }
    return 2;
  }
  if (p[i] == '[') {
    size_t j = i + 1;
    if (j < p.size() && p[j] == '^') ++j;
    if (j < p.size() && p[j] == ']') ++j;  // A leading ] is literal.
    for (; j < p.size() && p[j] != ']'; ++j) {
      if (p[j] == '\\') ++j;
    }
    return j < p.size() ? j - i + 1 : 0;
  }
  if (p[i] == '(') {
    int depth = 0;
    for (size_t j = i; j < p.size(); ++j) {
      if (p[j] == '\\') {
        ++j;
      } else if (p[j] == '[') {
        const size_t len = AtomLength(p, j);
        if (len == 0) return 0;
        j += len - 1;
      } else if (p[j] == '(') {
        ++depth;
      } else if (p[j] == ')' && --depth == 0) {
        return j - i + 1;
      }
    }
    return 0;
  }
  return Utf8CharLength(p, i);
}

bool IsQuantifier(char c) {
  return c == '{' || c == '*' || c == '+' || c == '?';
}

}  // namespace

namespace {

// Whether the quantifier at p[i] (if any) allows more than one copy.
bool RepeatsMoreThanOnce(std::string_view p, size_t i) {
  if (i >= p.size()) return false;
  if (p[i] == '*' || p[i] == '+') return true;
  if (p[i] != '{') return false;
  const size_t close = p.find('}', i);
  if (close == std::string_view::npos) return false;
  std::string_view body = p.substr(i + 1, close - i - 1);
  if (const size_t comma = body.find(','); comma != std::string_view::npos) {
    body = body.substr(comma + 1);
    if (body.empty()) return true;  // {n,}
  }
  return body.size() > 1 || (body.size() == 1 && body[0] > '1');
}

}  // namespace

std::string GapHead(std::string_view p) {
  size_t head_end = 0;
  for (size_t i = 0; i < p.size();) {
    // A top-level alternation anywhere means no single head.
    if (p[i] == '|') return "";
    const size_t len = AtomLength(p, i);
    if (len == 0) return "";
    const size_t next = i + len;
    // `.` or a class repeated; a small class that is merely optional
    // (`[o' ]?`) is spelt out like a literal instead.
    const bool gap_atom =
        p[i] == '.' ||
        (p[i] == '[' && len > 2 &&
         (p.compare(i, 2, "[^") == 0 || RepeatsMoreThanOnce(p, next)));
    if (head_end == 0 && gap_atom && next < p.size() && IsQuantifier(p[next])) {
      if (i == 0) return "";
      head_end = i;
    }
    i = next;
  }
  return std::string(p.substr(0, head_end));
}

namespace {

bool IsAssertion(std::string_view base);
size_t QuantifiersEnd(std::string_view p, size_t i);

// Splits `part` into zero-width assertions, a whole non-capturing group and
// assertions (`\b(?:a|b)\b`), with at least one assertion; false otherwise.
// The group's alternatives can then be searched separately, each between
// copies of the assertions: an assertion matches one way only, so RE2 tries
// the alternatives at a start in the same order either way.
bool SplitAssertedGroup(std::string_view part, std::string_view* before,
                        std::string_view* group, std::string_view* after) {
  size_t i = 0;
  auto skip_assertions = [&] {
    while (i < part.size()) {
      const size_t len = AtomLength(part, i);
      if (len == 0 || !IsAssertion(part.substr(i, len)) ||
          QuantifiersEnd(part, i + len) != i + len) {
        break;
      }
      i += len;
    }
  };
  skip_assertions();
  const size_t open = i;
  if (part.compare(open, 3, "(?:") != 0) return false;
  const size_t len = AtomLength(part, open);
  if (len == 0 || QuantifiersEnd(part, open + len) != open + len) return false;
  i = open + len;
  skip_assertions();
  if (i != part.size() || (open == 0 && i == open + len)) return false;
  *before = part.substr(0, open);
  *group = part.substr(open + 3, len - 4);
  *after = part.substr(open + len);
  return true;
}

// Appends the alternatives of `p` to *out; false when `p` cannot be split.
bool AppendAlternatives(std::string_view p, std::vector<std::string>* out) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i < p.size();) {
    if (p[i] == '|') {
      parts.push_back(p.substr(start, i - start));
      start = ++i;
      continue;
    }
    if (p[i] == ')') return false;  // Unbalanced.
    // Flag groups like (?i) change the meaning of what follows them.
    if (p.compare(i, 2, "(?") == 0 && p.compare(i, 3, "(?:") != 0 &&
        p.compare(i, 3, "(?P") != 0) {
      return false;
    }
    const size_t len = AtomLength(p, i);
    if (len == 0) return false;
    i += len;
  }
  parts.push_back(p.substr(start));
  for (std::string_view part : parts) {
    std::string_view before, group, after;
    if (part.size() >= 4 && part.compare(0, 3, "(?:") == 0 &&
        AtomLength(part, 0) == part.size()) {
      if (!AppendAlternatives(part.substr(3, part.size() - 4), out)) {
        return false;
      }
    } else if (SplitAssertedGroup(part, &before, &group, &after)) {
      std::vector<std::string> inner;
      if (!AppendAlternatives(group, &inner)) return false;
      for (const std::string& alt : inner) {
        out->push_back(std::string(before) + alt + std::string(after));
      }
    } else {
      out->emplace_back(part);
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> TopLevelAlternatives(std::string_view pattern) {
  std::vector<std::string> out;
  if (!AppendAlternatives(pattern, &out)) return {std::string(pattern)};
  return out;
}

namespace {

// Length of the counted quantifier `{n}`, `{n,}` or `{n,m}` at p[i], else 0.
size_t CountedQuantifierLength(std::string_view p, size_t i) {
  if (i >= p.size() || p[i] != '{') return 0;
  size_t j = i + 1;
  const size_t digits = j;
  while (j < p.size() && p[j] >= '0' && p[j] <= '9') ++j;
  if (j == digits) return 0;
  if (j < p.size() && p[j] == ',') {
    ++j;
    while (j < p.size() && p[j] >= '0' && p[j] <= '9') ++j;
  }
  return j < p.size() && p[j] == '}' ? j - i + 1 : 0;
}

// The end of the run of quantifiers (`?`, `*`, `+`, `{n,m}`, and lazy `?`)
// starting at p[i]; i when there is none.
size_t QuantifiersEnd(std::string_view p, size_t i) {
  while (i < p.size()) {
    if (p[i] == '?' || p[i] == '*' || p[i] == '+') {
      ++i;
    } else if (const size_t q = CountedQuantifierLength(p, i); q > 0) {
      i += q;
    } else {
      break;
    }
  }
  return i;
}

// Whether p[i] starts a flag group such as `(?i)` or `(?s:`.
bool IsFlagGroup(std::string_view p, size_t i) {
  return p.compare(i, 2, "(?") == 0 && p.compare(i, 3, "(?:") != 0 &&
         p.compare(i, 3, "(?P") != 0;
}

}  // namespace

std::optional<std::vector<std::string_view>> TopLevelAtoms(std::string_view p) {
  std::vector<std::string_view> atoms;
  for (size_t i = 0; i < p.size();) {
    if (p[i] == '|' || p[i] == ')' || IsFlagGroup(p, i)) return std::nullopt;
    const size_t len = AtomLength(p, i);
    if (len == 0) return std::nullopt;
    const size_t next = QuantifiersEnd(p, i + len);
    atoms.push_back(p.substr(i, next - i));
    i = next;
  }
  return atoms;
}

namespace {

// Reads the quantifiers `q` that follow an atom: multiplies *copies by the
// largest number of copies of the atom RE2 compiles, and adds the
// instructions the repetition itself costs to *extra.
void ApplyQuantifiers(std::string_view q, int64_t* copies, int64_t* extra) {
  for (size_t i = 0; i < q.size();) {
    if (q[i] == '?' || q[i] == '*' || q[i] == '+') {
      *extra += 2;
      ++i;
      continue;
    }
    const size_t len = CountedQuantifierLength(q, i);
    if (len == 0) return;
    const std::string_view body = q.substr(i + 1, len - 2);
    const size_t comma = body.find(',');
    int64_t lo = 0;
    int64_t hi = 0;
    for (char c : body.substr(0, comma)) lo = lo * 10 + (c - '0');
    if (comma == std::string_view::npos) {
      hi = lo;
    } else if (comma + 1 == body.size()) {
      hi = lo + 1;  // x{n,} is n copies and a loop.
    } else {
      for (char c : body.substr(comma + 1)) hi = hi * 10 + (c - '0');
    }
    hi = std::min<int64_t>(std::max(hi, lo), 1000);  // RE2's repeat limit.
    *extra = *extra * std::max<int64_t>(hi, 1) + 2 * hi;
    *copies *= std::max<int64_t>(hi, 1);
    i += len;
  }
}

bool IsAssertion(std::string_view base) {
  return base == "^" || base == "$" || base == "\\b" || base == "\\B" ||
         base == "\\A" || base == "\\z";
}

bool IsClassAtom(std::string_view base) {
  if (base == ".") return true;
  if (base[0] == '[') return true;
  if (base.size() >= 2 && base[0] == '\\') {
    switch (base[1]) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
      case 'p':
      case 'P':
      case 'C':
        return true;
      default:
        return false;
    }
  }
  return false;
}

bool MightMatchEmptyAt(std::string_view p, int depth) {
  if (depth > 32) return true;
  std::vector<std::string> alts = TopLevelAlternatives(p);
  if (alts.size() > 1) {
    for (const std::string& alt : alts) {
      if (MightMatchEmptyAt(alt, depth + 1)) return true;
    }
    return false;
  }
  std::optional<std::vector<std::string_view>> atoms = TopLevelAtoms(p);
  if (!atoms) return true;
  for (std::string_view atom : *atoms) {
    const size_t len = AtomLength(atom, 0);
    if (len == 0) return true;
    const std::string_view base = atom.substr(0, len);
    const std::string_view q = atom.substr(len);
    // Only a plain atom or x+ / x{n,...} with n >= 1 must match.
    const bool must = q.empty() || q == "+" || q == "+?" ||
                      (q.size() > 2 && q[0] == '{' && q[1] != '0');
    if (!must || IsAssertion(base)) continue;
    if (base[0] == '(') {
      const size_t open = base.compare(0, 3, "(?:") == 0 ? 3 : 1;
      if (base.size() > open &&
          !MightMatchEmptyAt(base.substr(open, base.size() - open - 1),
                             depth + 1)) {
        return false;
      }
      continue;
    }
    return false;  // A character, an escape or a class: one character.
  }
  return true;
}

}  // namespace

int64_t ProgramSizeEstimator::Estimate(std::string_view p) {
  // One pass with a stack of open groups. Per group: the cost of the
  // alternatives closed so far, of the current alternative before its last
  // atom, and of that atom (which a quantifier may multiply).
  struct Group {
    int64_t alternatives = 0;
    int64_t before = 0;
    int64_t last = 0;
    int64_t Total() const { return alternatives + before + last; }
  };
  std::vector<Group> stack(1);
  for (size_t i = 0; i < p.size();) {
    Group& top = stack.back();
    const char c = p[i];
    if (c == '(') {
      if (IsFlagGroup(p, i) && p.compare(i, 3, "(?P") != 0) return -1;
      size_t skip = 1;
      if (p.compare(i, 3, "(?:") == 0) {
        skip = 3;
      } else if (p.compare(i, 3, "(?P") == 0) {
        const size_t close = p.find('>', i);
        if (close == std::string_view::npos) return -1;
        skip = close - i + 1;
      }
      stack.emplace_back();
      i += skip;
      continue;
    }
    if (c == ')') {
      if (stack.size() < 2) return -1;
      const int64_t group = stack.back().Total();
      stack.pop_back();
      stack.back().before += stack.back().last;
      stack.back().last = group;
      ++i;
      continue;
    }
    if (c == '|') {
      top.alternatives += top.before + top.last + 1;
      top.before = 0;
      top.last = 0;
      ++i;
      continue;
    }
    if (const size_t end = QuantifiersEnd(p, i); end > i) {
      int64_t copies = 1;
      int64_t extra = 0;
      ApplyQuantifiers(p.substr(i, end - i), &copies, &extra);
      top.last = top.last * copies + extra;
      i = end;
      continue;
    }
    const size_t len = AtomLength(p, i);
    if (len == 0) return -1;
    const std::string_view atom = p.substr(i, len);
    int64_t size = 0;
    if (IsAssertion(atom)) {
      size = 1;
    } else if (IsClassAtom(atom)) {
      size = class_size_(atom);
      if (size < 0) return -1;
    } else if (atom[0] == '\\') {
      size = 4;  // An escaped character: at most a 4-byte UTF-8 sequence.
    } else {
      size = static_cast<int64_t>(len);  // One instruction per byte.
    }
    top.before += top.last;
    top.last = size;
    i += len;
  }
  if (stack.size() != 1) return -1;
  // The program's fixed part: the unanchored prefix loop, match and fail.
  constexpr int64_t kFixed = 16;
  return stack.back().Total() + kFixed;
}

bool MightMatchEmpty(std::string_view pattern) {
  return MightMatchEmptyAt(pattern, 0);
}

SplitRegex::SplitRegex(const RE2* full, const std::string& head,
                       const RE2::Options& options)
    : full_(full) {
  if (head.empty()) return;
  auto re = std::make_unique<RE2>(head, options);
  // A head that can match the empty string would start everywhere.
  if (!re->ok() || RE2::FullMatch("", *re)) return;
  head_ = std::move(re);
}

bool SplitRegex::FindFrom(std::string_view text, size_t pos, Span* span) const {
  re2::StringPiece m;
  if (head_ == nullptr) {
    if (pos > text.size() ||
        !full_->Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      return false;
    }
    span->begin = m.data() - text.data();
    span->end = span->begin + m.size();
    return true;
  }
  while (pos <= text.size() &&
         head_->Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t start = m.data() - text.data();
    if (full_->Match(text, start, text.size(), RE2::ANCHOR_START, &m, 1)) {
      span->begin = start;
      span->end = start + m.size();
      return true;
    }
    pos = start + 1;
  }
  return false;
}

std::optional<GapSplit> SplitGap(std::string_view p) {
  const size_t head = GapHead(p).size();
  if (head == 0 || p[head] != '.') return std::nullopt;
  const std::string_view q =
      p.substr(head + 1, QuantifiersEnd(p, head + 1) - head - 1);
  GapSplit split;
  split.head = p.substr(0, head);
  split.tail = p.substr(head + 1 + q.size());
  if (q == "?") {
    split.max = 1;
    return split;
  }
  // One counted quantifier, nothing after it (no lazy `?`, no second one).
  if (q.size() < 3 || q.front() != '{' || q.back() != '}' ||
      CountedQuantifierLength(q, 0) != q.size()) {
    return std::nullopt;
  }
  const std::string_view body = q.substr(1, q.size() - 2);
  const size_t comma = body.find(',');
  auto number = [](std::string_view digits, int* out) {
    if (digits.empty() || digits.size() > 4) return false;
    *out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      *out = *out * 10 + (c - '0');
    }
    return true;
  };
  if (comma == std::string_view::npos) {
    if (!number(body, &split.min)) return std::nullopt;
    split.max = split.min;
  } else if (!number(body.substr(0, comma), &split.min) ||
             !number(body.substr(comma + 1), &split.max) ||
             split.max < split.min) {
    return std::nullopt;  // `.{m,}` is unbounded.
  }
  return split;
}

}  // namespace internal
}  // namespace triage
