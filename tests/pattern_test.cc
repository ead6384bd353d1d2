#include "src/pattern.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "re2/re2.h"

namespace triage {
namespace internal {
namespace {

class PatternTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Normalizer>> n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    normalizer_ = *std::move(n);
    withdraw_ = {"withdraw", {"提现", "withdraw(?:al|n)?"}};
    fail_ = {"fail", {"失败"}};
    lexicons_ = {{"withdraw", &withdraw_}, {"fail", &fail_}};
  }

  std::string Expand(std::string_view pattern) const {
    absl::StatusOr<std::string> out = ExpandLexicons(pattern, lexicons_);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : "";
  }

  std::string Normalize(std::string_view pattern) const {
    return NormalizePattern(pattern, *normalizer_);
  }

  std::unique_ptr<Normalizer> normalizer_;
  Lexicon withdraw_;
  Lexicon fail_;
  std::map<std::string, const Lexicon*> lexicons_;
};

TEST_F(PatternTest, ExpandsLexiconReferenceToNonCapturingAlternation) {
  EXPECT_EQ(Expand("{withdraw}"), "(?:提现|withdraw(?:al|n)?)");
  EXPECT_EQ(Expand("{withdraw}.{0,8}{fail}"),
            "(?:提现|withdraw(?:al|n)?).{0,8}(?:失败)");
}

TEST_F(PatternTest, LeavesRepeatCountsUntouched) {
  EXPECT_EQ(Expand("a.{0,8}b"), "a.{0,8}b");
  EXPECT_EQ(Expand("x{3}y{2,}z{,4}"), "x{3}y{2,}z{,4}");
}

TEST_F(PatternTest, LeavesEscapedBraceUntouched) {
  EXPECT_EQ(Expand("\\{withdraw}"), "\\{withdraw}");
  EXPECT_EQ(Expand("a\\{fail\\}b"), "a\\{fail\\}b");
}

TEST_F(PatternTest, LeavesNonLexiconBracesUntouched) {
  // Upper case, digits first or no closing brace: not a reference.
  EXPECT_EQ(Expand("{Withdraw}"), "{Withdraw}");
  EXPECT_EQ(Expand("{withdraw"), "{withdraw");
  EXPECT_EQ(Expand("{}"), "{}");
}

TEST_F(PatternTest, ExpandsReferenceRightAfterAnEscape) {
  // \b and \s are complete escapes; the {name} after them is a reference.
  EXPECT_EQ(Expand("\\b{withdraw}\\b"), "\\b(?:提现|withdraw(?:al|n)?)\\b");
  EXPECT_EQ(Expand("\\s{fail}"), "\\s(?:失败)");
}

TEST_F(PatternTest, KeepsBracedEscapeArguments) {
  EXPECT_EQ(Expand("\\p{Han}{fail}"), "\\p{Han}(?:失败)");
  EXPECT_EQ(Expand("\\x{4e00}"), "\\x{4e00}");
}

TEST_F(PatternTest, UnknownLexiconIsInvalidArgumentNamingIt) {
  absl::StatusOr<std::string> out =
      ExpandLexicons("{withdraw}.{0,4}{no_such_word}", lexicons_);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(out.status().message()).find("no_such_word"),
            std::string::npos)
      << out.status();
}

TEST_F(PatternTest, ExpandedPatternCompilesAndMatches) {
  const RE2 re(Expand("{withdraw}.{0,8}{fail}"));
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_TRUE(RE2::PartialMatch("我提现一直失败", re));
  EXPECT_FALSE(RE2::PartialMatch("我提现成功", re));
}

TEST_F(PatternTest, NormalizePatternLowercasesAndSimplifiesLiteralText) {
  EXPECT_EQ(Normalize("提現FAILED"), "提现failed");
  EXPECT_EQ(Normalize("ＡＢＣ.{0,3}帳號"), "abc.{0,3}帐号");
}

TEST_F(PatternTest, NormalizePatternKeepsUpperCaseEscapes) {
  // Case folding must not turn \D into \d, \S into \s, \W into \w, \B into \b.
  EXPECT_EQ(Normalize("\\D+"), "\\D+");
  EXPECT_EQ(Normalize("A\\SB\\WC\\BD"), "a\\Sb\\Wc\\Bd");
  EXPECT_EQ(Normalize("\\p{Han}X\\P{Han}"), "\\p{Han}x\\P{Han}");
  EXPECT_EQ(Normalize("\\x{4E00}"), "\\x{4E00}");
}

TEST_F(PatternTest, NormalizedUpperCaseEscapeKeepsItsMeaning) {
  const RE2 re(Normalize("^\\D+$"));
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_TRUE(RE2::PartialMatch("abc", re));
  EXPECT_FALSE(RE2::PartialMatch("123", re));
}

TEST_F(PatternTest, NormalizePatternKeepsSpacesAroundEscapes) {
  EXPECT_EQ(Normalize("cash ?out"), "cash ?out");
  EXPECT_EQ(Normalize("\\bnot \\w+"), "\\bnot \\w+");
  EXPECT_EQ(Normalize("a  \\d"), "a \\d");
}

TEST(PatternOptionsTest, QuietUtf8NoCaptureWithGivenBudget) {
  const RE2::Options o = PatternOptions(int64_t{1} << 20);
  EXPECT_EQ(o.encoding(), RE2::Options::EncodingUTF8);
  EXPECT_FALSE(o.log_errors());
  EXPECT_TRUE(o.never_capture());
  EXPECT_EQ(o.max_mem(), int64_t{1} << 20);
}

TEST(FillPlaceholdersTest, ReplacesKnownNamesAndLeavesOthers) {
  const std::map<std::string, std::string> values = {
      {"hotline", "400-111-2222"}, {"wallet_name", "测试钱包"}};
  auto lookup = [&](std::string_view key) -> const std::string* {
    auto it = values.find(std::string(key));
    return it == values.end() ? nullptr : &it->second;
  };
  EXPECT_EQ(FillPlaceholders("打开{wallet_name}或拨打{hotline}。", lookup),
            "打开测试钱包或拨打400-111-2222。");
  EXPECT_EQ(FillPlaceholders("{unknown_key} and {hotline}", lookup),
            "{unknown_key} and 400-111-2222");
  EXPECT_EQ(FillPlaceholders("{0,8} {Hotline} {hotline", lookup),
            "{0,8} {Hotline} {hotline");
  EXPECT_EQ(FillPlaceholders("", lookup), "");
}

TEST(ForEachPlaceholderTest, ListsEveryPlaceholderInOrder) {
  std::vector<std::string> names;
  ForEachPlaceholder("call {hotline} in {wallet_name}, not {0,3}",
                     [&](std::string_view n) { names.emplace_back(n); });
  EXPECT_EQ(names, (std::vector<std::string>{"hotline", "wallet_name"}));
}

}  // namespace
}  // namespace internal
}  // namespace triage
