#include "src/split_regex.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "src/pattern.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {
namespace {

TEST(GapHead, SplitsBeforeTheFirstTopLevelGap) {
  EXPECT_EQ(GapHead("(?:提现|取现).{0,8}(?:失败|不了)"), "(?:提现|取现)");
  EXPECT_EQ(GapHead(R"(\bcard\b.{0,20}\bdeclined)"), R"(\bcard\b)");
  EXPECT_EQ(GapHead("余额[^。]{0,6}不对"), "余额");
  EXPECT_EQ(GapHead("a.*b"), "a");
  EXPECT_EQ(GapHead("分成?[0-9一二]+期"), "分成?");
  EXPECT_EQ(GapHead("a[bc]{0,3}d"), "a");
  EXPECT_EQ(GapHead("a[^b]?c"), "a");  // negated: a gap even if optional
}

TEST(GapHead, RefusesPatternsItCannotSplitSafely) {
  EXPECT_EQ(GapHead("plain literal"), "");  // no gap
  EXPECT_EQ(GapHead(".{0,3}余额"), "");     // gap first: empty head
  EXPECT_EQ(GapHead("a.{0,3}b|c"), "");     // top-level alternation
  EXPECT_EQ(GapHead("(?:a.{0,3}b)"), "");   // gap only inside a group
  EXPECT_EQ(GapHead(R"(a\.{0,3}b)"), "");   // escaped dot is a literal
  EXPECT_EQ(GapHead("[.]{2}x"), "");        // one-char class, not a gap
  EXPECT_EQ(GapHead("don[o' ]?t"), "");     // optional class, spelt out
  EXPECT_EQ(GapHead("x[ab]{0,1}y"), "");
}

TEST(SplitGap, ReadsBoundedDotGaps) {
  std::optional<GapSplit> s = SplitGap("(?:提现|取现).{0,8}(?:失败|不了)");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->head, "(?:提现|取现)");
  EXPECT_EQ(s->min, 0);
  EXPECT_EQ(s->max, 8);
  EXPECT_EQ(s->tail, "(?:失败|不了)");
  s = SplitGap(R"(\bcard\b.{2,20}\bdeclined.{0,3}x)");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->min, 2);
  EXPECT_EQ(s->max, 20);
  EXPECT_EQ(s->tail, R"(\bdeclined.{0,3}x)");
  s = SplitGap("a.?b");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->min, 0);
  EXPECT_EQ(s->max, 1);
  s = SplitGap("a.{3}b");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->min, 3);
  EXPECT_EQ(s->max, 3);
}

TEST(SplitGap, RefusesOtherGaps) {
  EXPECT_FALSE(SplitGap("a.*b").has_value());  // unbounded
  EXPECT_FALSE(SplitGap("a.+b").has_value());
  EXPECT_FALSE(SplitGap("a.{2,}b").has_value());
  EXPECT_FALSE(SplitGap("a.{0,6}?b").has_value());    // lazy
  EXPECT_FALSE(SplitGap("a.{0,6}{2}b").has_value());  // two quantifiers
  EXPECT_FALSE(SplitGap("a[^x]{0,6}b").has_value());  // not `.`
  EXPECT_FALSE(SplitGap("a.{5,2}b").has_value());
  EXPECT_FALSE(SplitGap("plain").has_value());
  EXPECT_FALSE(SplitGap(".{0,3}b").has_value());  // no head
}

TEST(TopLevelAlternatives, SplitsAlternationsAndWholeGroups) {
  using V = std::vector<std::string>;
  EXPECT_EQ(TopLevelAlternatives("a|b"), (V{"a", "b"}));
  EXPECT_EQ(TopLevelAlternatives("(?:a|(?:b|c))|d"), (V{"a", "b", "c", "d"}));
  EXPECT_EQ(TopLevelAlternatives("[|]|\\|x"), (V{"[|]", "\\|x"}));
  EXPECT_EQ(TopLevelAlternatives("(?:a|b)c|d"), (V{"(?:a|b)c", "d"}));
  EXPECT_EQ(TopLevelAlternatives("(?:a|b)+"), (V{"(?:a|b)+"}));
  EXPECT_EQ(TopLevelAlternatives("a|"), (V{"a", ""}));
  EXPECT_EQ(TopLevelAlternatives("abc"), (V{"abc"}));
}

TEST(TopLevelAlternatives, SplitsAGroupBetweenAssertions) {
  using V = std::vector<std::string>;
  EXPECT_EQ(TopLevelAlternatives("\\b(?:fail\\w*|card)\\b"),
            (V{"\\bfail\\w*\\b", "\\bcard\\b"}));
  EXPECT_EQ(TopLevelAlternatives("^(?:a|(?:b|c))$|d"),
            (V{"^a$", "^b$", "^c$", "d"}));
  EXPECT_EQ(TopLevelAlternatives("\\b(?:a|b)"), (V{"\\ba", "\\bb"}));
  // Not when something other than assertions surrounds the group, or the
  // group or an assertion is repeated.
  EXPECT_EQ(TopLevelAlternatives("\\b(?:a|b)c"), (V{"\\b(?:a|b)c"}));
  EXPECT_EQ(TopLevelAlternatives("\\b(?:a|b)?\\b"), (V{"\\b(?:a|b)?\\b"}));
  EXPECT_EQ(TopLevelAlternatives("x\\b(?:a|b)"), (V{"x\\b(?:a|b)"}));
}

// The split parts find what the whole finds, in RE2's order: at each start
// the first alternative that matches there wins.
TEST(TopLevelAlternatives, AssertedGroupPartsMatchLikeTheWhole) {
  const std::string whole = "\\b(?:card|cards|c\\w*d)\\b";
  const std::vector<std::string> parts = TopLevelAlternatives(whole);
  ASSERT_EQ(parts.size(), 3u);
  for (const std::string text :
       {"my cards", "card", "scard cardx cwd", "c_d cards", ""}) {
    re2::StringPiece m;
    const RE2 re(whole);
    const bool found = re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1);
    // The leftmost start among the parts; on a tie the first part.
    size_t best = std::string::npos;
    std::string best_match;
    for (const std::string& part : parts) {
      re2::StringPiece pm;
      if (RE2(part).Match(text, 0, text.size(), RE2::UNANCHORED, &pm, 1)) {
        const size_t at = pm.data() - text.data();
        if (at < best) {
          best = at;
          best_match = std::string(pm);
        }
      }
    }
    EXPECT_EQ(found, best != std::string::npos) << text;
    if (found) EXPECT_EQ(std::string(m), best_match) << text;
  }
}

TEST(TopLevelAlternatives, KeepsPatternsWholeWhenSplittingWouldChangeThem) {
  using V = std::vector<std::string>;
  // (?i) applies to every alternative after it.
  EXPECT_EQ(TopLevelAlternatives("(?i)a|b"), (V{"(?i)a|b"}));
  EXPECT_EQ(TopLevelAlternatives("(?:(?i)a|b)|c"), (V{"(?:(?i)a|b)|c"}));
  EXPECT_EQ(TopLevelAlternatives("a)|b"), (V{"a)|b"}));
  EXPECT_EQ(TopLevelAlternatives("(a|b"), (V{"(a|b"}));
}

// Plain RE2 leftmost-first search from `pos`, the reference.
bool Reference(const RE2& re, std::string_view text, size_t pos, Span* span) {
  re2::StringPiece m;
  if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) return false;
  span->begin = m.data() - text.data();
  span->end = span->begin + m.size();
  return true;
}

std::vector<std::string> Corpus(const RulePack& pack, const Normalizer& n) {
  std::vector<std::string> texts;
  for (const Category& c : pack.categories()) {
    for (const auto* list : {&c.examples, &c.near_misses}) {
      for (const std::string& t : *list) texts.push_back(n.NormalizeText(t));
    }
  }
  // Pairs of examples glued together: two problems, and gaps of many sizes.
  std::mt19937 rng(1);
  const size_t n_single = texts.size();
  for (int i = 0; i < 600; ++i) {
    texts.push_back(texts[rng() % n_single] + texts[rng() % n_single]);
  }
  return texts;
}

TEST(SplitRegex, FindsExactlyWhatRe2FindsOnTheDefaultPack) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  absl::StatusOr<std::unique_ptr<Normalizer>> norm = Normalizer::Create();
  ASSERT_TRUE(norm.ok());
  const std::vector<std::string> texts = Corpus(**pack, **norm);
  int split = 0, compared = 0, found = 0;
  for (const Category& c : (*pack)->categories()) {
    for (const Rule& r : c.rules) {
      for (const auto* list : {&r.expanded_patterns, &r.expanded_excludes}) {
        for (const std::string& p : *list) {
          RE2 full(p, PatternOptions(8 << 20));
          ASSERT_TRUE(full.ok()) << p;
          SplitRegex s(&full, GapHead(p), PatternOptions(8 << 20));
          split += s.split();
          for (const std::string& t : texts) {
            for (size_t pos : {size_t{0}, t.size() / 3}) {
              Span want, got;
              const bool w = Reference(full, t, pos, &want);
              ASSERT_EQ(s.FindFrom(t, pos, &got), w) << r.id << " on " << t;
              if (w) {
                ASSERT_EQ(got, want) << r.id << " on " << t;
                ++found;
              }
              ++compared;
            }
          }
        }
      }
    }
  }
  // The comparison must have exercised both kinds of pattern and real hits.
  EXPECT_GT(split, 50);
  EXPECT_GT(found, 1000);
  EXPECT_GT(compared, 100000);
}

// Every pattern of the default pack, each top-level alternative and each
// gap head: the pieces the pattern table compiles.
std::vector<std::string> DefaultPackPieces() {
  std::vector<std::string> out;
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  EXPECT_TRUE(pack.ok()) << pack.status();
  if (!pack.ok()) return out;
  for (const Category& c : (*pack)->categories()) {
    for (const Rule& r : c.rules) {
      for (const auto* list : {&r.expanded_patterns, &r.expanded_excludes}) {
        for (const std::string& p : *list) {
          out.push_back(p);
          for (const std::string& alt : TopLevelAlternatives(p)) {
            out.push_back(alt);
            const std::string head = GapHead(alt);
            if (!head.empty()) out.push_back(head);
          }
        }
      }
    }
  }
  return out;
}

int64_t ClassSize(std::string_view atom) {
  RE2 re(atom, PatternOptions(8 << 20));
  return re.ok() ? re.ProgramSize() : -1;
}

TEST(ProgramSizeEstimator, NeverBelowRe2sProgramSize) {
  std::vector<std::string> pieces = DefaultPackPieces();
  for (const char* p :
       {"(?:\\p{Han}|[a-z]){400}", "a.{0,30}b", "x{2,5}?y", "(?:ab|cd)+e*",
        "\\d{3,}", "(?P<n>x|y)z", "[^。!?]{0,12}(?:a|b)?"}) {
    pieces.push_back(p);
  }
  ProgramSizeEstimator estimator(ClassSize);
  int estimated = 0;
  for (const std::string& p : pieces) {
    RE2 re(p, PatternOptions(64 << 20));
    ASSERT_TRUE(re.ok()) << p;
    const int64_t estimate = estimator.Estimate(p);
    if (estimate < 0) continue;
    ++estimated;
    EXPECT_GE(estimate, re.ProgramSize()) << p;
  }
  EXPECT_GT(estimated, static_cast<int>(pieces.size()) * 9 / 10);
}

TEST(ProgramSizeEstimator, GivesUpOnWhatItDoesNotRead) {
  ProgramSizeEstimator estimator(ClassSize);
  EXPECT_EQ(estimator.Estimate("(?i)abc"), -1);  // flags
  EXPECT_EQ(estimator.Estimate("(unclosed"), -1);
  EXPECT_EQ(estimator.Estimate("closed)"), -1);
  EXPECT_EQ(estimator.Estimate("[z-a"), -1);
  ProgramSizeEstimator failing([](std::string_view) { return -1; });
  EXPECT_EQ(failing.Estimate("a\\wb"), -1);  // class size unknown
}

TEST(MightMatchEmpty, TrueWheneverRe2MatchesTheEmptyString) {
  int sure = 0;
  for (const std::string& p : DefaultPackPieces()) {
    RE2 re(p, PatternOptions(64 << 20));
    ASSERT_TRUE(re.ok()) << p;
    if (RE2::FullMatch("", re)) {
      EXPECT_TRUE(MightMatchEmpty(p)) << p;
    } else {
      sure += !MightMatchEmpty(p);
    }
  }
  EXPECT_GT(sure, 1000);  // And it is not always true.
  EXPECT_TRUE(MightMatchEmpty("(?:a|b?)"));
  EXPECT_TRUE(MightMatchEmpty("\\b(?:x)?\\b"));
  EXPECT_TRUE(MightMatchEmpty("a{0,3}"));
  EXPECT_FALSE(MightMatchEmpty("(?:a|bc)d?"));
  EXPECT_FALSE(MightMatchEmpty("\\d+"));
  EXPECT_FALSE(MightMatchEmpty("x{2,3}"));
}

TEST(SplitRegex, RespectsContextBeforeTheStartPosition) {
  const std::string p = R"(\bpay\b.{0,10}\bfailed\b)";
  RE2 full(p, PatternOptions(1 << 20));
  SplitRegex s(&full, GapHead(p), PatternOptions(1 << 20));
  ASSERT_TRUE(s.split());
  Span span;
  // "repay" has no word boundary before "pay": no match from position 2.
  EXPECT_FALSE(s.FindFrom("repay failed", 2, &span));
  EXPECT_TRUE(s.FindFrom("I pay and it failed", 0, &span));
  EXPECT_EQ(span, (Span{2, 19}));
}

}  // namespace
}  // namespace internal
}  // namespace triage
