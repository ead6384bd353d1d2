// The fast path must find exactly what plain RE2 finds: every pattern's
// leftmost-first matches, searched through the pattern table (split into
// shared leaves, memoised per message) with the prefilter's candidates or
// with every entry, are compared with one plain RE2 per pattern on a
// generated corpus.
#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "re2/re2.h"
#include "src/default_plan.h"
#include "src/enumerate.h"
#include "src/matcher.h"
#include "src/pattern.h"
#include "triage/classifier.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {
namespace {

std::string TestData(std::string_view name) {
  return std::string(TRIAGE_TESTDATA_DIR) + "/" + std::string(name);
}

struct Compiled {
  std::unique_ptr<RulePack> pack;
  std::unique_ptr<PatternTable> table;
  std::unique_ptr<CandidateFinder> prefilter;
  std::unique_ptr<CandidateFinder> exhaustive;
  std::vector<std::unique_ptr<RE2>> reference;  // by pattern
};

// Compiles every pattern of `pack` as the classifier does; `through_plan`:
// the table is then made again from its serialised plan, and that one used.
void Compile(std::unique_ptr<RulePack> pack, Compiled* out,
             bool through_plan = false) {
  const TablePatterns in = TablePatternsOf(*pack);
  const std::vector<std::string>& patterns = in.patterns;
  const std::vector<std::string>& owner = in.owner;
  absl::StatusOr<std::unique_ptr<PatternTable>> table = PatternTable::Create(
      patterns, owner,
      (int64_t{8} << 20) * static_cast<int64_t>(patterns.size()));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ((*table)->size(), static_cast<int>(patterns.size()));
  if (through_plan) {
    const std::string plan = (*table)->SerializePlan();
    table = PatternTable::Create(
        patterns, owner,
        (int64_t{8} << 20) * static_cast<int64_t>(patterns.size()), plan);
    ASSERT_TRUE(table.ok()) << table.status();
    ASSERT_TRUE((*table)->loaded_plan());
    ASSERT_EQ((*table)->SerializePlan(), plan);
  }
  for (const std::string& p : patterns) {
    out->reference.push_back(
        std::make_unique<RE2>(p, PatternOptions(int64_t{8} << 20)));
    ASSERT_TRUE(out->reference.back()->ok()) << p;
  }
  out->pack = std::move(pack);
  out->exhaustive = NewExhaustiveFinder(**table);
  out->prefilter = NewIndexFinder(**table);
  out->table = *std::move(table);
}

// Splits UTF-8 text into characters (invalid bytes stand alone).
std::vector<std::string> Chars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8CharLength(s, i);
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool IsPlainLiteral(std::string_view term) {
  return term.find_first_of("\\()[]{}|?*+.^$") == std::string_view::npos;
}

std::string RandomHan(std::mt19937& rng) {
  const uint32_t cp =
      std::uniform_int_distribution<uint32_t>(0x4E00, 0x9FA5)(rng);
  std::string out;
  out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
  out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
  out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  return out;
}

// A few thousand messages: the pack's examples and near-misses, their
// substrings and concatenations, and random mixes of lexicon terms, pack
// characters, random Han, ASCII words and noise.
std::vector<std::string> Corpus(const RulePack& pack) {
  std::mt19937 rng(20240607);
  std::vector<std::string> seeds;
  for (const Category& c : pack.categories()) {
    for (const std::string& s : c.examples) seeds.push_back(s);
    for (const std::string& s : c.near_misses) seeds.push_back(s);
  }
  std::vector<std::string> words = {
      "my",   "the", "card", "money", "is",     "not",  "WITHDRAWAL", "Failed",
      "账户", "，",  " ",    "\xFF",  "ＡＢＣ", "提現", "錢"};
  for (const Lexicon& lex : pack.lexicons()) {
    for (const std::string& t : lex.terms) {
      if (IsPlainLiteral(t)) words.push_back(t);
    }
  }
  std::vector<std::string> chars;
  for (const std::string& s : seeds) {
    for (std::string& ch : Chars(s)) chars.push_back(std::move(ch));
  }
  if (chars.empty()) chars = {"钱", "a"};
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  std::vector<std::string> out = seeds;
  for (const std::string& s : seeds) {
    const std::vector<std::string> cs = Chars(s);
    for (int k = 0; k < 3 && !cs.empty(); ++k) {
      size_t a = std::uniform_int_distribution<size_t>(0, cs.size() - 1)(rng);
      size_t b = std::uniform_int_distribution<size_t>(a, cs.size())(rng);
      std::string sub;
      for (size_t i = a; i < b; ++i) sub += cs[i];
      out.push_back(sub);
    }
  }
  for (int k = 0; k < 1000 && !seeds.empty(); ++k) {
    out.push_back(pick(seeds) + pick(words) + pick(seeds));
  }
  for (int k = 0; k < 1500; ++k) {
    std::string m;
    const int n = std::uniform_int_distribution<int>(1, 12)(rng);
    for (int i = 0; i < n; ++i) {
      switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0:
          m += pick(words);
          break;
        case 1:
          m += pick(chars);
          break;
        case 2:
          m += RandomHan(rng);
          break;
        default:
          m += pick(words) + " ";
          break;
      }
    }
    out.push_back(m);
  }
  return out;
}

struct Stats {
  long matches = 0;
  long candidates = 0;
};

// All non-overlapping leftmost-first matches, as the classifier collects
// them for exclusions.
std::vector<std::pair<size_t, size_t>> ReferenceMatches(const RE2& re,
                                                        std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  re2::StringPiece m;
  size_t pos = 0;
  while (pos <= text.size() &&
         re.Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t begin = m.data() - text.data();
    out.emplace_back(begin, begin + m.size());
    pos = begin + std::max<size_t>(m.size(), 1);
  }
  return out;
}

std::vector<std::pair<size_t, size_t>> TableMatches(TableSearch& search, int p,
                                                    size_t size) {
  std::vector<std::pair<size_t, size_t>> out;
  Span s;
  size_t pos = 0;
  while (pos <= size && search.FindFrom(p, pos, &s)) {
    out.emplace_back(s.begin, s.end);
    pos = s.begin + std::max<size_t>(s.end - s.begin, 1);
  }
  return out;
}

// Checks the finders and the table search on every message; returns how
// much was exercised.
Stats CheckCorpus(const Compiled& c, const std::vector<std::string>& corpus) {
  absl::StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
  EXPECT_TRUE(normalizer.ok());
  if (!normalizer.ok()) return {};
  const int n = c.table->size();
  Stats stats;
  Candidates pre;
  Candidates all;
  for (const std::string& message : corpus) {
    const std::string text = (*normalizer)->NormalizeText(message);
    c.prefilter->Find(text, &pre);
    c.exhaustive->Find(text, &all);
    EXPECT_TRUE(std::is_sorted(pre.entries.begin(), pre.entries.end()))
        << message;
    EXPECT_EQ(std::adjacent_find(pre.entries.begin(), pre.entries.end()),
              pre.entries.end())
        << message;
    EXPECT_FALSE(pre.all_literals);
    // The literals reported (in any order) are exactly those that occur.
    std::vector<int> literals = pre.literals;
    std::sort(literals.begin(), literals.end());
    for (int l = 0; l < c.table->num_literals(); ++l) {
      const bool occurs =
          c.table->literal(l).FindFrom(text, 0) != std::string::npos;
      EXPECT_EQ(std::binary_search(literals.begin(), literals.end(), l), occurs)
          << "literal " << c.table->literal(l).ToRegex()
          << "\nnormalised: " << text;
    }
    EXPECT_EQ(static_cast<int>(all.entries.size()), c.table->num_entries());
    EXPECT_TRUE(all.all_literals);
    TableSearch fast(*c.table, text, &pre);
    const std::vector<int>& pre_patterns = fast.patterns();
    TableSearch every(*c.table, text, &all);
    for (int p = 0; p < n; ++p) {
      const auto want = ReferenceMatches(*c.reference[p], text);
      const bool candidate =
          std::binary_search(pre_patterns.begin(), pre_patterns.end(), p);
      // A pattern that matches is always a candidate, and both searches
      // find exactly RE2's matches.
      if (!want.empty()) {
        EXPECT_TRUE(candidate) << "pattern " << c.reference[p]->pattern()
                               << "\nmessage: " << message;
      }
      EXPECT_EQ(TableMatches(fast, p, text.size()), want)
          << "pattern " << c.reference[p]->pattern()
          << "\nnormalised: " << text;
      EXPECT_EQ(TableMatches(every, p, text.size()), want)
          << "pattern " << c.reference[p]->pattern()
          << "\nnormalised: " << text;
      stats.matches += want.empty() ? 0 : 1;
    }
    stats.candidates += static_cast<long>(pre_patterns.size());
  }
  return stats;
}

TEST(IndexFinder, DefaultPackCandidatesIncludeEveryMatchingPattern) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  Compiled c;
  Compile(*std::move(pack), &c);
  ASSERT_NE(c.table, nullptr);
  const std::vector<std::string> corpus = Corpus(*c.pack);
  ASSERT_GT(corpus.size(), 2000u);
  const Stats stats = CheckCorpus(c, corpus);
  // The corpus must exercise the patterns, and the prefilter must prune.
  EXPECT_GT(stats.matches, static_cast<long>(corpus.size()) / 2);
  EXPECT_LT(stats.candidates,
            static_cast<long>(corpus.size()) * c.table->size() / 2);
}

TEST(IndexFinder, FixturePackCandidatesIncludeEveryMatchingPattern) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData("small_pack.toml"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  Compiled c;
  Compile(*std::move(pack), &c);
  ASSERT_NE(c.table, nullptr);
  std::vector<std::string> corpus = Corpus(*c.pack);
  for (const char* m :
       {"提现失败", "提現失敗了", "withdrawal failed",
        "ＷＩＴＨＤＲＡＷＡＬ ＦＡＩＬＥＤ", "账户被盗", "不明交易",
        "unknown charge", "my account is frozen", ""}) {
    corpus.push_back(m);
  }
  const Stats stats = CheckCorpus(c, corpus);
  EXPECT_GT(stats.matches, 0);
}

TEST(IndexFinder, TableFromItsPlanFindsExactlyTheSame) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData("small_pack.toml"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  Compiled c;
  Compile(*std::move(pack), &c, /*through_plan=*/true);
  ASSERT_NE(c.table, nullptr);
  const Stats stats = CheckCorpus(c, Corpus(*c.pack));
  EXPECT_GT(stats.matches, 0);
}

// Gap entries (HEAD .{m,n} TAIL with head leaves spelt out) are matched
// without their regex where only spelt head leaves start; their matches must
// still be RE2's, around newlines, invalid UTF-8, several tail occurrences,
// head spellings of different lengths, and head leaves that are regexes
// (alone, or starting where a spelt one does).
TEST(PatternTable, GapEntriesMatchExactlyLikeRe2) {
  const std::vector<std::string> patterns = {
      "(?:付款|付款后|支付).{0,6}(?:失败|失败了|不成功)",  // spelt tail
      "(?:付款|支付).{2,4}(?:失败|错误)",
      "\\b(?:card|cards)\\b.{0,12}\\b(?:declin\\w*|reject\\w*)",  // regex tail
      "\\bpay\\b.?\\b(?:failed|error)\\b",
      "(?:提现|取现).{0,8}(?:\\d+元|没到)$",
      "(?:提现|取现).{3}到",
      "(?:转账|给.{1,4}转|\\btrans\\w*).{0,6}(?:失败|没到)",
      "(?:付\\w*款|付款|付).{0,3}(?:失败|\\d+)",
      "(?:付\\w*款|付).?失败",  // only the regex leaf reaches the tail
      // Tails mixing spelt alternatives and regexes, in both orders.
      "(?:付款|支付).{0,6}(?:失败|\\d+元|错误\\w*|没到)",
      "(?:付款|支付).{0,4}(?:\\d+|失败|1块)",
  };
  const std::vector<std::string> texts = {
      "付款失败",
      "付款后失败了",
      "付款后一直失败了又失败",
      "支付宝付款失败不成功失败了",
      "付款12345678失败",
      "付款\n失败",
      "付款一\n失败",
      "付款\xFF失败",
      "付款\xE0\x80\x80失败",
      "付款一失败二错误",
      "付款一二三四五失败",
      "card was declined, cards rejected",
      "my card: declines. card\ndeclined",
      "cards\xFF"
      "declined card  x rejected",
      "pay failed pay  error payerror pay-error",
      "提现100元 取现没到",
      "提现一二三到 取现1到",
      "提现一二三四到取现abc到",
      "给他转账失败",
      "转账给我转没到",
      "transfer失败 trans没到 给妈妈转了钱没到",
      "transfers to 转账 failed 失败",
      "付款失败",
      "付ab款失败 付12 付款款失败",
      "付款一二三四失败 付\n失败",
      "付abc款失败",
      "付款12元失败 支付100元",
      "支付失败错误abc没到",
      "付款1块 付款没到12元 支付错误x",
      "付款x1块失败",
      "",
  };
  std::vector<std::string> owner(patterns.size(), "r");
  auto table = PatternTable::Create(patterns, owner, int64_t{64} << 20);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_GE((*table)->num_gap_entries(), 11);
  std::unique_ptr<CandidateFinder> prefilter = NewIndexFinder(**table);
  std::unique_ptr<CandidateFinder> exhaustive = NewExhaustiveFinder(**table);
  for (const std::string& text : texts) {
    Candidates pre;
    Candidates all;
    prefilter->Find(text, &pre);
    exhaustive->Find(text, &all);
    TableSearch fast(**table, text, &pre);
    TableSearch every(**table, text, &all);
    for (size_t p = 0; p < patterns.size(); ++p) {
      RE2 re(patterns[p], PatternOptions(int64_t{8} << 20));
      const auto want = ReferenceMatches(re, text);
      EXPECT_EQ(TableMatches(fast, static_cast<int>(p), text.size()), want)
          << patterns[p] << "\ntext: " << text;
      EXPECT_EQ(TableMatches(every, static_cast<int>(p), text.size()), want)
          << patterns[p] << "\ntext: " << text;
    }
  }
}

TEST(ExhaustiveFinder, ReturnsEveryEntryInOrder) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData("small_pack.toml"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  Compiled c;
  Compile(*std::move(pack), &c);
  ASSERT_NE(c.table, nullptr);
  Candidates out;
  out.entries = {42, 7};
  c.exhaustive->Find("anything", &out);
  ASSERT_EQ(static_cast<int>(out.entries.size()), c.table->num_entries());
  for (int i = 0; i < c.table->num_entries(); ++i) EXPECT_EQ(out.entries[i], i);
  EXPECT_TRUE(out.all_literals);
}

TEST(PatternTable, PatternTooLargeForBudgetIsResourceExhaustedNamingRule) {
  absl::StatusOr<std::unique_ptr<PatternTable>> table =
      PatternTable::Create({"提现", "(?:\\p{Han}|[a-z]){400}"},
                           {"small_rule", "huge_rule"}, int64_t{256} << 10);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(std::string(table.status().message()).find("huge_rule"),
            std::string::npos);
}

// The regexes compiled share the budget: two thirds in proportion to their
// length, the rest handed out as they are compiled. With every entry
// compiled, they hold more than the proportional two thirds and never more
// than the budget; the first compiled gets 1/64 of the pool on top of its
// share.
TEST(PatternTable, CompiledRegexesShareTheBudgetAndThePool) {
  std::vector<std::string> patterns;
  for (int i = 0; i < 40; ++i) {
    patterns.push_back("k" + std::to_string(i) + "[0-9]+x\\d{2,}");
  }
  const int64_t budget = int64_t{4} << 20;
  auto table = PatternTable::Create(
      patterns, std::vector<std::string>(patterns.size(), "r"), budget);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ((*table)->num_checked(), 0);
  EXPECT_EQ((*table)->granted_memory(), 0);
  Candidates all;
  std::unique_ptr<CandidateFinder> exhaustive = NewExhaustiveFinder(**table);
  std::string text;
  for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + "1x23 ";
  exhaustive->Find(text, &all);
  TableSearch search(**table, text, &all);
  Span span;
  ASSERT_TRUE(search.FindFrom(7, 0, &span));
  // One entry: its share (1/40 of two thirds) and 1/64 of the pool.
  const int64_t first = (*table)->granted_memory();
  EXPECT_GT(first, budget * 2 / 3 / 40 + budget / 3 / 64 * 9 / 10);
  EXPECT_LT(first, budget * 2 / 3 / 40 + budget / 3 / 64 * 11 / 10);
  for (int p = 0; p < static_cast<int>(patterns.size()); ++p) {
    EXPECT_TRUE(search.FindFrom(p, 0, &span));
  }
  // 40 parts of 1/64 of what is left: 47% of the pool.
  EXPECT_GT((*table)->granted_memory(), budget * 2 / 3 + budget / 3 / 4);
  EXPECT_LE((*table)->granted_memory(), budget);
}

TEST(PatternTable, BadPatternIsInvalidArgumentNamingRule) {
  absl::StatusOr<std::unique_ptr<PatternTable>> table =
      PatternTable::Create({"ok", "(unclosed"}, {"good", "broken"}, 1 << 20);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(table.status().message()).find("broken"),
            std::string::npos);
}

// Requirement bits left by one message never count for the next.
TEST(IndexFinder, EachFindStartsFromNoRequirementMet) {
  // One entry needing both 提现 and 失败 (a gap between them).
  absl::StatusOr<std::unique_ptr<PatternTable>> table =
      PatternTable::Create({"提现.{0,4}(?:失败|\\d+元)"}, {"r"}, 1 << 20);
  ASSERT_TRUE(table.ok()) << table.status();
  std::unique_ptr<CandidateFinder> finder = NewIndexFinder(**table);
  Candidates out;
  finder->Find("提现失败", &out);
  const std::vector<int> both = out.entries;
  EXPECT_FALSE(both.empty());
  // 提现 alone, then 失败 alone: neither message has both.
  finder->Find("提现", &out);
  const size_t head_only = out.entries.size();
  finder->Find("失败", &out);
  EXPECT_LT(out.entries.size(), both.size());
  EXPECT_LT(head_only, both.size());
  finder->Find("提现失败", &out);
  EXPECT_EQ(out.entries, both);
}

// The literals a finder reports are exactly those that occur, assertions
// included: literals sharing their first six bytes (one anchor) and differing
// right after them or much later, ending where the text ends, or cut short by
// it.
TEST(IndexFinder, ReportsExactlyTheLiteralsThatOccur) {
  const std::vector<std::string> patterns = {
      "withdrawal", "withdrawals", "withdrawn money", "withdraw",
      "\\bwithdraws", "提现失败了吗", "提现失败啊", "提现失败", "提现失",
      "提现失败了吗?", "paymentxyz", "payment", "^payments\\b",
      // Anchors of every length the index files apart: 1-2 bytes (by first
      // byte), 3-5 (by first three), 6-8 (by first six) and longer than 8
      // (five ASCII bytes and a 4-byte character: 9 bytes), some with
      // assertions of their own.
      "q", "\\bid\\b", "ok", "转", "a转", "cash", "é钱",
      "abcde\xF0\x9F\x98\x80x", "abcde\xF0\x9F\x98\x80"};
  absl::StatusOr<std::unique_ptr<PatternTable>> table = PatternTable::Create(
      patterns, std::vector<std::string>(patterns.size(), "r"), 1 << 24);
  ASSERT_TRUE(table.ok()) << table.status();
  size_t shortest = 99, longest = 0;
  for (int a = 0; a < (*table)->num_anchors(); ++a) {
    shortest = std::min(shortest, (*table)->anchor(a).text.size());
    longest = std::max(longest, (*table)->anchor(a).text.size());
  }
  EXPECT_EQ(shortest, 1u);
  EXPECT_EQ(longest, 9u);
  std::vector<std::unique_ptr<CandidateFinder>> finders;
  finders.push_back(NewIndexFinder(**table));
  absl::StatusOr<std::unique_ptr<CandidateFinder>> hs =
      NewHyperscanFinder(**table);
  if (hs.ok()) finders.push_back(*std::move(hs));
  const std::vector<std::string> texts = {"withdrawal",
                                          "withdrawals",
                                          "withdrawa",
                                          "withdrawn mone",
                                          "withdrawn money",
                                          "a withdraws b",
                                          "awithdraws",
                                          "提现失败了吗",
                                          "提现失败了",
                                          "提现失败了吗?提现失败啊",
                                          "提现失",
                                          "payments",
                                          "payments now",
                                          "my payments",
                                          "paymentxy",
                                          "paymentxyz",
                                          "q",
                                          "my id",
                                          "idea",
                                          "id",
                                          "ok转",
                                          "a转账",
                                          "cas",
                                          "cash",
                                          "é钱",
                                          "\xC3",
                                          "abcde\xF0\x9F\x98\x80x",
                                          "abcde\xF0\x9F\x98\x80",
                                          "abcde\xF0\x9F\x98",
                                          "abcde\xF0\x9F\x98\x81"
                                          "x",
                                          "x\xF0\x9F\x98\x80"
                                          "abcde\xF0\x9F\x98\x80xx",
                                          std::string("ok\0cash\0", 9),
                                          "\x80\xBFq\xE8\xBD\xAC\x80",
                                          ""};
  for (const std::string& text : texts) {
    std::vector<int> expected;
    for (int l = 0; l < (*table)->num_literals(); ++l) {
      if ((*table)->literal(l).FindFrom(text, 0) != std::string::npos) {
        expected.push_back(l);
      }
    }
    for (const auto& finder : finders) {
      Candidates out;
      finder->Find(text, &out);
      std::vector<int> found = out.literals;  // any order, repeats allowed
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      EXPECT_EQ(found, expected) << text;
    }
  }
}

// The hash lookups and Hyperscan's literal scan, two independent searches
// for the same anchors, report the same literals and entries on the default
// pack for texts made of anchors, literals and examples, cut anywhere and
// mixed with arbitrary bytes.
TEST(IndexFinder, AgreesWithHyperscanOnTheDefaultPack) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  const TablePatterns in = TablePatternsOf(**pack);
  auto table =
      PatternTable::Create(in.patterns, in.owner,
                           TableBudget(ClassifierOptions()), DefaultPlan());
  ASSERT_TRUE(table.ok()) << table.status();
  absl::StatusOr<std::unique_ptr<CandidateFinder>> hs =
      NewHyperscanFinder(**table);
  if (!hs.ok()) GTEST_SKIP() << hs.status();
  std::unique_ptr<CandidateFinder> index = NewIndexFinder(**table);
  std::vector<std::string> pieces;
  for (int a = 0; a < (*table)->num_anchors(); a += 3) {
    pieces.push_back((*table)->anchor(a).text);
  }
  for (int l = 0; l < (*table)->num_literals(); l += 7) {
    pieces.push_back((*table)->literal(l).text);
  }
  for (const Category& c : (*pack)->categories()) {
    pieces.insert(pieces.end(), c.examples.begin(), c.examples.end());
  }
  std::mt19937 rng(20261122);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto sorted = [](std::vector<int> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  size_t literals = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (size_t k = 1 + pick(8); k > 0; --k) {
      const std::string& p = pieces[pick(pieces.size())];
      const size_t from = pick(4) == 0 ? pick(p.size() + 1) : 0;
      text += p.substr(from, pick(4) == 0 ? pick(p.size() + 1) : p.size());
      if (pick(5) == 0) text += static_cast<char>(pick(256));
      if (pick(7) == 0) text += ' ';
    }
    Candidates a, b;
    index->Find(text, &a);
    (*hs)->Find(text, &b);
    const std::vector<int> found = sorted(a.literals);
    ASSERT_EQ(found, sorted(b.literals)) << text;
    ASSERT_EQ(a.entries, b.entries) << text;
    literals += found.size();
  }
  EXPECT_GT(literals, 100000u);  // The texts are full of literals.
}

TEST(IndexFinder, EmptyTableFindsNothing) {
  absl::StatusOr<std::unique_ptr<PatternTable>> table =
      PatternTable::Create({}, {}, 1 << 20);
  ASSERT_TRUE(table.ok()) << table.status();
  std::unique_ptr<CandidateFinder> finder = NewIndexFinder(**table);
  Candidates out;
  out.entries = {1, 2, 3};
  out.literals = {4};
  finder->Find("提现失败", &out);
  EXPECT_TRUE(out.entries.empty());
  EXPECT_TRUE(out.literals.empty());
}

}  // namespace
}  // namespace internal
}  // namespace triage
