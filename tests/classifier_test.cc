#include "triage/classifier.h"

#include <unicode/uscript.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "src/default_plan.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {
namespace {

std::string TestData(std::string_view name) {
  return std::string(TRIAGE_TESTDATA_DIR) + "/" + std::string(name);
}

std::shared_ptr<const RulePack> LoadPack(std::string_view name) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData(name));
  EXPECT_TRUE(pack.ok()) << pack.status();
  if (!pack.ok()) return nullptr;
  return std::shared_ptr<const RulePack>(*std::move(pack));
}

std::vector<std::string> Ids(const std::vector<CategoryMatch>& list) {
  std::vector<std::string> ids;
  for (const CategoryMatch& c : list) ids.push_back(c.id);
  return ids;
}

// Each rule that fired, reported or below threshold -> its span.
std::map<std::string, Span> RuleSpans(const Classification& r) {
  std::map<std::string, Span> out;
  for (const auto* list : {&r.categories, &r.below_threshold}) {
    for (const CategoryMatch& c : *list) {
      for (const RuleMatch& m : c.matches) out[m.rule_id] = m.span;
    }
  }
  return out;
}

// RuleSpans as the part of `text` (the text classified) each covers.
std::map<std::string, std::string> RuleTexts(const Classification& r,
                                             std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& [id, s] : RuleSpans(r)) {
    out[id] = std::string(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

// The pack's examples and near-misses, in pack order.
std::vector<std::string> ExamplesAndNearMisses(const RulePack& pack) {
  std::vector<std::string> out;
  for (const Category& c : pack.categories()) {
    out.insert(out.end(), c.examples.begin(), c.examples.end());
    out.insert(out.end(), c.near_misses.begin(), c.near_misses.end());
  }
  return out;
}

// Everything a caller can see of a result, for comparing results.
std::string Dump(const Classification& r) {
  std::ostringstream out;
  out << r.language << " " << UrgencyName(r.urgency) << " " << r.truncated;
  for (const auto* list : {&r.categories, &r.below_threshold}) {
    out << "|";
    for (const CategoryMatch& c : *list) {
      out << c.id << ":" << c.title << ":" << c.score << ":"
          << UrgencyName(c.urgency);
      for (const RuleMatch& m : c.matches) {
        out << "[" << m.rule_id << " " << m.span.begin << "-" << m.span.end
            << "]";
      }
      out << ";";
    }
  }
  for (const StepText& s : r.steps) {
    out << "|" << s.category << "/" << s.id << "=" << s.text;
  }
  for (const std::string& item : r.checklist) out << "|" << item;
  return out.str();
}

class ClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pack_ = LoadPack("small_pack.toml");
    ASSERT_NE(pack_, nullptr);
    absl::StatusOr<std::unique_ptr<Classifier>> c = Classifier::Create(pack_);
    ASSERT_TRUE(c.ok()) << c.status();
    classifier_ = *std::move(c);
  }

  Classification Classify(std::string_view text,
                          const ClassifyRequest& request = {}) const {
    absl::StatusOr<Classification> r = classifier_->Classify(text, request);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : Classification();
  }

  // A classifier created from pack_ with `options` classifies
  // ManyMessages() as classifier_ does (`stage` names the attempt in
  // failures).
  void ExpectClassifiesAlike(const ClassifierOptions& options,
                             const std::string& stage) const;

  // The match of `rule` in category `id` of r.categories, or nullptr.
  static const RuleMatch* FindMatch(const Classification& r,
                                    std::string_view id,
                                    std::string_view rule) {
    for (const CategoryMatch& c : r.categories) {
      if (c.id != id) continue;
      for (const RuleMatch& m : c.matches) {
        if (m.rule_id == rule) return &m;
      }
    }
    return nullptr;
  }

  // The original text a match covers.
  static std::string_view Covered(std::string_view text, const RuleMatch& m) {
    EXPECT_LE(m.span.begin, m.span.end);
    EXPECT_LE(m.span.end, text.size());
    return text.substr(m.span.begin, m.span.end - m.span.begin);
  }

  std::shared_ptr<const RulePack> pack_;
  std::unique_ptr<Classifier> classifier_;
};

TEST_F(ClassifierTest, SpanPointsAtMatchedWordsInOriginalText) {
  const std::string text = "你好，我的提现失败了";
  const Classification r = Classify(text);
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"withdrawal_failed"});
  const RuleMatch* m = FindMatch(r, "withdrawal_failed", "withdraw_fail");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Covered(text, *m), "提现失败");
}

TEST_F(ClassifierTest, SpanOfFullWidthInputCoversOriginalFullWidthBytes) {
  const std::string text = "ｍｙ ＷＩＴＨＤＲＡＷＡＬ　ＦＡＩＬＥＤ！";
  const Classification r = Classify(text);
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"withdrawal_failed"});
  const RuleMatch* m = FindMatch(r, "withdrawal_failed", "withdraw_fail");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Covered(text, *m), "ＷＩＴＨＤＲＡＷＡＬ　ＦＡＩＬＥＤ");
}

TEST_F(ClassifierTest, SpanOfTraditionalInputCoversOriginalTraditionalBytes) {
  const std::string text = "我的提現失敗了";
  const Classification r = Classify(text);
  const RuleMatch* m = FindMatch(r, "withdrawal_failed", "withdraw_fail");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Covered(text, *m), "提現失敗");
}

TEST_F(ClassifierTest, SpanIsRightAfterExtraWhiteSpace) {
  const std::string text = " \t  您好   \n  账号   被冻结了";
  const Classification r = Classify(text);
  const RuleMatch* m = FindMatch(r, "account_locked", "locked");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Covered(text, *m), "账号   被冻结");
}

TEST_F(ClassifierTest, FullWidthAndTraditionalClassifyLikePlainForms) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"ＷＩＴＨＤＲＡＷＡＬ ＦＡＩＬＥＤ", "withdrawal failed"},
      {"Withdrawal Failed", "withdrawal failed"},
      {"提現失敗，帳號也被凍結了", "提现失败，帐号也被冻结了"},
      {"帳戶被盜了", "帐户被盗了"},
      {"為什麼收手續費", "为什么收手续费"},
  };
  for (const auto& [variant, plain] : pairs) {
    const Classification a = Classify(variant);
    const Classification b = Classify(plain);
    EXPECT_FALSE(b.categories.empty()) << plain;
    EXPECT_EQ(Ids(a.categories), Ids(b.categories)) << variant;
    EXPECT_EQ(a.urgency, b.urgency) << variant;
    EXPECT_EQ(a.language, b.language) << variant;
  }
}

TEST_F(ClassifierTest, NegationExclusionVetoesTheNegatedMatch) {
  const Classification r = Classify("不是被盗，只是忘了密码");
  EXPECT_TRUE(r.categories.empty()) << Dump(r);
  EXPECT_TRUE(r.below_threshold.empty()) << Dump(r);
  EXPECT_EQ(r.urgency, Urgency::kNormal);
  EXPECT_TRUE(Classify("my card was not stolen, I lost it").categories.empty());
}

TEST_F(ClassifierTest, NegationDoesNotVetoASeparateLaterMatch) {
  const std::string text = "不是被盗的那张卡，另一个账户真的被盗了";
  const Classification r = Classify(text);
  ASSERT_EQ(Ids(r.categories),
            std::vector<std::string>{"unauthorized_transaction"});
  const RuleMatch* m = FindMatch(r, "unauthorized_transaction", "stolen");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Covered(text, *m), "被盗");
  EXPECT_EQ(m->span.begin, text.rfind("被盗"));
  EXPECT_EQ(r.urgency, Urgency::kHigh);
}

TEST_F(ClassifierTest, HighUrgencyRanksFirstEvenWithLowerScore) {
  const Classification r = Classify("提现失败，提现也没到账，还有一笔不明交易");
  ASSERT_EQ(Ids(r.categories),
            (std::vector<std::string>{"unauthorized_transaction",
                                      "withdrawal_failed"}));
  EXPECT_EQ(r.categories[0].score, 1.0);
  EXPECT_EQ(r.categories[0].urgency, Urgency::kHigh);
  EXPECT_EQ(r.categories[1].score, 2.0);
  EXPECT_EQ(r.urgency, Urgency::kHigh);
}

TEST_F(ClassifierTest, HigherScoreRanksBeforePackOrder) {
  const Classification r = Classify("账号被冻结了，为什么收手续费");
  ASSERT_EQ(Ids(r.categories),
            (std::vector<std::string>{"fee_question", "account_locked"}));
  EXPECT_EQ(r.categories[0].score, 2.0);
  EXPECT_EQ(r.categories[1].score, 1.0);
  EXPECT_EQ(r.urgency, Urgency::kNormal);
}

TEST_F(ClassifierTest, EqualScoresRankInPackOrderNotTextOrder) {
  const Classification r = Classify("账号被冻结了，提现失败");
  ASSERT_EQ(Ids(r.categories),
            (std::vector<std::string>{"withdrawal_failed", "account_locked"}));
}

TEST_F(ClassifierTest, ScoreIsSumOfFiredRuleWeightsWithMatchesInPackOrder) {
  const Classification r = Classify("为什么收手续费");
  ASSERT_EQ(r.categories.size(), 1u);
  const CategoryMatch& c = r.categories[0];
  EXPECT_EQ(c.id, "fee_question");
  EXPECT_EQ(c.score, 2.0);
  ASSERT_EQ(c.matches.size(), 2u);
  EXPECT_EQ(c.matches[0].rule_id, "fee_word");
  EXPECT_EQ(c.matches[1].rule_id, "fee_why");
}

TEST_F(ClassifierTest, EachRuleCountsOnceEvenWhenSeveralPatternsMatch) {
  const Classification r = Classify("提现失败，失败提现，withdrawal failed");
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"withdrawal_failed"});
  EXPECT_EQ(r.categories[0].score, 1.0);
  EXPECT_EQ(r.categories[0].matches.size(), 1u);
}

TEST_F(ClassifierTest, WeakRulesAloneStayBelowThreshold) {
  const Classification r = Classify("手续费是多少");
  EXPECT_TRUE(r.categories.empty());
  ASSERT_EQ(Ids(r.below_threshold), std::vector<std::string>{"fee_question"});
  EXPECT_EQ(r.below_threshold[0].score, 1.0);
  ASSERT_EQ(r.below_threshold[0].matches.size(), 1u);
  EXPECT_EQ(r.below_threshold[0].matches[0].rule_id, "fee_word");
  ASSERT_FALSE(r.steps.empty());
  EXPECT_EQ(r.steps[0].category, "fallback");
}

TEST_F(ClassifierTest, NegativeWeightPullsCategoryBelowThreshold) {
  const Classification r = Classify("为什么免费活动还收手续费");
  EXPECT_TRUE(r.categories.empty()) << Dump(r);
  ASSERT_EQ(Ids(r.below_threshold), std::vector<std::string>{"fee_question"});
  EXPECT_DOUBLE_EQ(r.below_threshold[0].score, 0.5);
  ASSERT_EQ(r.below_threshold[0].matches.size(), 3u);
  EXPECT_EQ(r.below_threshold[0].matches[2].rule_id, "fee_promo");
}

TEST_F(ClassifierTest, ReportedAndBelowThresholdCategoriesKeepTheirMatches) {
  const Classification r = Classify("账号被冻结了，手续费是多少");
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"account_locked"})
      << Dump(r);
  ASSERT_EQ(Ids(r.below_threshold), std::vector<std::string>{"fee_question"});
  for (const RuleMatch& m : r.categories[0].matches) {
    EXPECT_NE(m.rule_id, "fee_word");
  }
  ASSERT_EQ(r.below_threshold[0].matches.size(), 1u);
  EXPECT_EQ(r.below_threshold[0].matches[0].rule_id, "fee_word");
  EXPECT_EQ(r.below_threshold[0].title, "");  // Titles are for reported ones.
  ASSERT_FALSE(r.steps.empty());
  EXPECT_EQ(r.steps[0].category, "account_locked");
}

TEST_F(ClassifierTest, ResultDoesNotDependOnEarlierCalls) {
  // The classifier reuses its working memory from call to call; a fresh
  // classifier must give the same results.
  std::vector<std::string> texts = {"账号被冻结了，提现失败",
                                    "为什么免费活动还收手续费",
                                    "今天天气不错",
                                    "提現失敗",
                                    "payment failed and my account is locked",
                                    "",
                                    "手续费是多少\n账号被冻结了"};
  // A text over the 64 KiB of normalised text working memory keeps: the
  // memory is dropped after it, and the next call must not notice.
  std::string transcript;
  while (transcript.size() < (size_t{80} << 10)) {
    transcript += "客服你好\n提现失败了怎么办\n";
  }
  texts.insert(texts.begin() + 2, transcript);
  std::vector<std::string> first;
  for (const std::string& t : texts) first.push_back(Dump(Classify(t)));
  for (size_t i = 0; i < texts.size(); ++i) {
    absl::StatusOr<std::unique_ptr<Classifier>> fresh =
        Classifier::Create(pack_);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    absl::StatusOr<Classification> r = (*fresh)->Classify(texts[i]);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(first[i], Dump(*r)) << texts[i].substr(0, 80);
    EXPECT_EQ(Dump(Classify(texts[i])), Dump(*r)) << texts[i].substr(0, 80);
  }
}

TEST_F(ClassifierTest, NothingMatchedGivesFallbackSteps) {
  const Classification r = Classify("今天天气不错");
  EXPECT_TRUE(r.categories.empty());
  EXPECT_TRUE(r.below_threshold.empty());
  EXPECT_TRUE(r.checklist.empty());
  EXPECT_EQ(r.urgency, Urgency::kNormal);
  EXPECT_EQ(r.language, "zh");
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].category, "fallback");
  EXPECT_EQ(r.steps[0].id, "describe");
  EXPECT_EQ(r.steps[0].text, "请描述您遇到的问题。");
  EXPECT_EQ(r.steps[1].category, "fallback");
  EXPECT_EQ(r.steps[1].text, "或拨打 400-111-2222。");
}

TEST_F(ClassifierTest, StepsFollowRankWithBrandValuesFilled) {
  const Classification r = Classify("提现失败，还有一笔不明扣款");
  ASSERT_EQ(r.steps.size(), 4u);
  EXPECT_EQ(r.steps[0].category, "unauthorized_transaction");
  EXPECT_EQ(r.steps[0].id, "freeze");
  EXPECT_EQ(r.steps[0].text, "请立即在测试钱包中冻结账户。");
  EXPECT_EQ(r.steps[1].text, "拨打热线 400-111-2222 报告被盗。");
  EXPECT_EQ(r.steps[2].category, "withdrawal_failed");
  EXPECT_EQ(r.steps[2].id, "check_card");
  EXPECT_EQ(r.steps[3].id, "retry");
  EXPECT_EQ(r.steps[3].text,
            "稍后在测试钱包中重试，仍失败请拨打 400-111-2222。");
  EXPECT_EQ(r.categories[0].title, "账户被盗或未授权交易");
  EXPECT_EQ(r.categories[1].title, "提现失败");
}

TEST_F(ClassifierTest, ChecklistIsMergedInRankOrderWithoutDuplicates) {
  const Classification r = Classify("提现失败，还有一笔不明扣款，账号被冻结了");
  ASSERT_EQ(Ids(r.categories),
            (std::vector<std::string>{"unauthorized_transaction",
                                      "withdrawal_failed", "account_locked"}));
  EXPECT_EQ(r.checklist,
            (std::vector<std::string>{"注册手机号", "可疑交易的时间",
                                      "提现的时间和金额"}));
}

TEST_F(ClassifierTest, BrandOverridesReplacePackValuesForOneCall) {
  ClassifyRequest request;
  request.brand_overrides["hotline"] = "95000";
  request.brand_overrides["key_the_pack_does_not_use"] = "ignored";
  const Classification r = Classify("我的账户被盗了", request);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].text, "请立即在测试钱包中冻结账户。");
  EXPECT_EQ(r.steps[1].text, "拨打热线 95000 报告被盗。");
  const Classification fallback = Classify("今天天气不错", request);
  EXPECT_EQ(fallback.steps.back().text, "或拨打 95000。");
  // The override does not stick to the classifier.
  EXPECT_EQ(Classify("我的账户被盗了").steps[1].text,
            "拨打热线 400-111-2222 报告被盗。");
}

TEST_F(ClassifierTest, BrandOverridesUseTheResultLanguage) {
  ClassifyRequest request;
  request.brand_overrides["wallet_name"] = "Acme Pay";
  const Classification r = Classify("my account was hacked", request);
  ASSERT_EQ(r.language, "en");
  ASSERT_FALSE(r.steps.empty());
  EXPECT_EQ(r.steps[0].text, "Freeze your account in Acme Pay now.");
}

TEST_F(ClassifierTest, DetectsLanguageFromMessage) {
  const Classification en = Classify("My withdrawal failed again");
  EXPECT_EQ(en.language, "en");
  ASSERT_EQ(Ids(en.categories), std::vector<std::string>{"withdrawal_failed"});
  EXPECT_EQ(en.categories[0].title, "Withdrawal failed");
  EXPECT_EQ(en.steps[0].text, "Check that your bank card is active.");
  EXPECT_EQ(en.steps[1].text,
            "Retry later in Test Wallet; if it still fails call 400-111-2222.");
  EXPECT_EQ(en.checklist[0], "Time and amount of the withdrawal");

  const Classification zh = Classify("我的提现又failed了");
  EXPECT_EQ(zh.language, "zh");
  ASSERT_EQ(Ids(zh.categories), std::vector<std::string>{"withdrawal_failed"});
  EXPECT_EQ(zh.categories[0].title, "提现失败");
}

TEST_F(ClassifierTest, ExplicitLanguageOverridesDetection) {
  ClassifyRequest request;
  request.language = "en";
  const Classification r = Classify("提现失败了", request);
  EXPECT_EQ(r.language, "en");
  ASSERT_FALSE(r.categories.empty());
  EXPECT_EQ(r.categories[0].title, "Withdrawal failed");
  request.language = "zh";
  EXPECT_EQ(Classify("withdrawal failed", request).steps[0].text,
            "确认银行卡状态正常。");
}

TEST_F(ClassifierTest, UnknownRequestLanguageIsInvalidArgument) {
  ClassifyRequest request;
  request.language = "fr";
  absl::StatusOr<Classification> r =
      classifier_->Classify("withdrawal failed", request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(r.status().message()).find("fr"), std::string::npos);
}

TEST_F(ClassifierTest, DetectedLanguageMissingFromPackFallsBackToFirst) {
  absl::StatusOr<std::unique_ptr<Classifier>> en_only =
      Classifier::Create(LoadPack("minimal_pack.toml"));
  ASSERT_TRUE(en_only.ok()) << en_only.status();
  absl::StatusOr<Classification> r = (*en_only)->Classify("我的卡丢了");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->language, "en");
  ASSERT_FALSE(r->steps.empty());
  EXPECT_EQ(r->steps[0].text, "Describe the problem.");
}

TEST(DetectLanguage, MostlyHanIsChineseOtherwiseEnglish) {
  EXPECT_EQ(DetectLanguage("提现失败了"), "zh");
  EXPECT_EQ(DetectLanguage("我的card被decline了"), "zh");
  EXPECT_EQ(DetectLanguage("提現失敗"), "zh");
  EXPECT_EQ(DetectLanguage("my card was declined"), "en");
  EXPECT_EQ(DetectLanguage("the payment to 王 failed yesterday"), "en");
  EXPECT_EQ(DetectLanguage("12345"), "en");
}

// DetectLanguage counts the CJK Unified Ideographs block as Han without
// asking ICU: ICU must agree for every character of it.
TEST(DetectLanguage, CjkUnifiedIdeographsAreHanForIcu) {
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) {
    UErrorCode status = U_ZERO_ERROR;
    ASSERT_EQ(uscript_getScript(c, &status), USCRIPT_HAN) << std::hex << c;
    ASSERT_TRUE(U_SUCCESS(status));
  }
  // Han outside the block still counts (through ICU): Extension A.
  EXPECT_EQ(DetectLanguage("\xe3\x90\x80\xe3\x90\x81 ab"), "zh");
}

TEST_F(ClassifierTest, EmptyInputGivesFallback) {
  const Classification r = Classify("");
  EXPECT_TRUE(r.categories.empty());
  EXPECT_TRUE(r.below_threshold.empty());
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(r.urgency, Urgency::kNormal);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].category, "fallback");
  EXPECT_TRUE(Classify(" \t\n ").categories.empty());
}

TEST_F(ClassifierTest, VeryLongInputIsTruncatedAtCharacterBoundary) {
  // 2 MB of three-byte characters: 1 MiB is not a multiple of 3.
  std::string text = "提现失败";
  while (text.size() < (size_t{2} << 20)) text += "钱";
  const Classification r = Classify(text);
  EXPECT_TRUE(r.truncated);
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"withdrawal_failed"});
  EXPECT_EQ(Covered(text, r.categories[0].matches[0]), "提现失败");

  // A match past the default 1 MiB limit is not seen.
  std::string late;
  while (late.size() < (size_t{1} << 20)) late += "钱";
  late += "提现失败";
  const Classification cut = Classify(late);
  EXPECT_TRUE(cut.truncated);
  EXPECT_TRUE(cut.categories.empty());
}

TEST_F(ClassifierTest, InputAtTheLimitIsNotTruncated) {
  EXPECT_FALSE(Classify("提现失败").truncated);
  std::string text(size_t{1} << 20, 'a');
  EXPECT_FALSE(Classify(text).truncated);
  text.push_back('a');
  EXPECT_TRUE(Classify(text).truncated);
}

TEST_F(ClassifierTest, MaxInputBytesOptionIsHonoured) {
  const std::string text = "提现失败了";  // 15 bytes
  for (size_t max : {10, 11}) {
    ClassifierOptions options;
    options.max_input_bytes = max;
    absl::StatusOr<std::unique_ptr<Classifier>> c =
        Classifier::Create(pack_, options);
    ASSERT_TRUE(c.ok()) << c.status();
    absl::StatusOr<Classification> r = (*c)->Classify(text);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->truncated);
    EXPECT_TRUE(r->categories.empty()) << "max " << max << ": " << Dump(*r);
  }
  for (size_t max : {12, 13, 14}) {
    ClassifierOptions options;
    options.max_input_bytes = max;
    absl::StatusOr<std::unique_ptr<Classifier>> c =
        Classifier::Create(pack_, options);
    ASSERT_TRUE(c.ok()) << c.status();
    absl::StatusOr<Classification> r = (*c)->Classify(text);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->truncated);
    ASSERT_EQ(Ids(r->categories),
              std::vector<std::string>{"withdrawal_failed"});
    EXPECT_EQ(r->categories[0].matches[0].span, (Span{0, 12}));
  }
  ClassifierOptions options;
  options.max_input_bytes = 15;
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(pack_, options);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE((*c)->Classify(text)->truncated);
}

TEST_F(ClassifierTest, InvalidUtf8InputIsClassifiedWithoutCrash) {
  const std::string text = "\xFF我的提现\xC0失败\xE6\x8F";
  const Classification r = Classify(text);
  ASSERT_EQ(Ids(r.categories), std::vector<std::string>{"withdrawal_failed"});
  EXPECT_EQ(Covered(text, r.categories[0].matches[0]), "提现\xC0失败");
  const std::vector<std::string> garbage = {
      "\xFF",         "\xC0\xAF",        "\xE6\x8F", std::string(1, '\0'),
      "\xED\xA0\x80", "\xF4\x90\x80\x80"};
  for (const std::string& g : garbage) {
    const Classification bad = Classify(g);
    EXPECT_TRUE(bad.categories.empty());
    EXPECT_FALSE(bad.steps.empty());
  }
}

TEST_F(ClassifierTest, ClassifierKeepsThePack) {
  EXPECT_EQ(&classifier_->pack(), pack_.get());
}

TEST(ClassifierCreate, NullPackIsInvalidArgument) {
  absl::StatusOr<std::unique_ptr<Classifier>> c = Classifier::Create(nullptr);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClassifierCreate, MemoryBudgetBelowOneMiBIsInvalidArgument) {
  ClassifierOptions options;
  options.max_memory_bytes = (size_t{1} << 20) - 1;
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(LoadPack("small_pack.toml"), options);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  options.max_memory_bytes = size_t{1} << 20;
  EXPECT_TRUE(Classifier::Create(LoadPack("small_pack.toml"), options).ok());
}

TEST(ClassifierCreate, ZeroMaxInputBytesIsInvalidArgument) {
  ClassifierOptions options;
  options.max_input_bytes = 0;
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(LoadPack("small_pack.toml"), options);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClassifierCreate, PatternOverTinyMemoryBudgetIsResourceExhausted) {
  std::shared_ptr<const RulePack> pack = LoadPack("huge_pattern_pack.toml");
  ASSERT_NE(pack, nullptr);
  ClassifierOptions options;
  options.max_memory_bytes = size_t{1} << 20;
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(pack, options);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(std::string(c.status().message()).find("huge_rule"),
            std::string::npos)
      << c.status();
}

TEST(ClassifierCreate, SamePatternFitsTheDefaultBudget) {
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(LoadPack("huge_pattern_pack.toml"));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<Classification> r = (*c)->Classify("我要提现");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Ids(r->categories), std::vector<std::string>{"long_text"});
}

#ifndef TRIAGE_WITH_HYPERSCAN
TEST(ClassifierCreate, HyperscanBackendIsUnimplementedWhenNotBuilt) {
  ClassifierOptions options;
  options.backend = Backend::kHyperscan;
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(LoadPack("small_pack.toml"), options);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnimplemented);
}
#endif

// Messages built from fixture phrases: every pair, with and without noise.
std::vector<std::string> ManyMessages() {
  const std::vector<std::string> parts = {"提现失败",
                                          "提現失敗",
                                          "不是被盗",
                                          "账户被盗了",
                                          "不明交易",
                                          "账号被冻结",
                                          "为什么",
                                          "手续费",
                                          "免费活动",
                                          "my withdrawal failed",
                                          "account is locked",
                                          "ＦＡＩＬＥＤ",
                                          "今天天气不错",
                                          "\xFF\xFE",
                                          "   ",
                                          "withdrawal not arrived",
                                          "提现三天没到账"};
  std::vector<std::string> out;
  for (const std::string& a : parts) {
    for (const std::string& b : parts) {
      out.push_back(a + b);
      out.push_back(a + "，顺便说一下，" + b);
    }
  }
  return out;
}

void ClassifierTest::ExpectClassifiesAlike(const ClassifierOptions& options,
                                           const std::string& stage) const {
  absl::StatusOr<std::unique_ptr<Classifier>> other =
      Classifier::Create(pack_, options);
  ASSERT_TRUE(other.ok()) << stage << ": " << other.status();
  for (const std::string& m : ManyMessages()) {
    absl::StatusOr<Classification> r = (*other)->Classify(m);
    ASSERT_TRUE(r.ok()) << stage << ": " << r.status();
    ASSERT_EQ(Dump(*r), Dump(Classify(m))) << stage << ": " << m;
  }
}

// One Classification reused for message after message (results of every
// shape in turn: several categories, none and the fallback, below the
// threshold, cut, other languages and brand values) always equals a fresh
// Classify: nothing is left over from the message before.
TEST_F(ClassifierTest, ClassifyIntoReusedResultEqualsFreshClassify) {
  std::vector<std::string> messages = ManyMessages();
  const size_t n = messages.size();
  for (size_t i = 0; i < n; i += 3) messages.push_back(messages[n - 1 - i]);
  std::vector<ClassifyRequest> requests(4);
  requests[1].language = "en";
  requests[2].brand_overrides["hotline"] = "95000";
  requests[3].evaluate_all_rules = true;
  ClassifierOptions cut;
  cut.max_input_bytes = 24;
  auto short_input = Classifier::Create(pack_, cut);
  ASSERT_TRUE(short_input.ok()) << short_input.status();
  Classification reused;
  std::set<size_t> shapes;  // (categories, below, steps) seen
  for (size_t i = 0; i < messages.size(); ++i) {
    const ClassifyRequest& request = requests[i % requests.size()];
    const Classifier& c = i % 5 == 4 ? **short_input : *classifier_;
    absl::StatusOr<Classification> fresh = c.Classify(messages[i], request);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    ASSERT_TRUE(c.ClassifyInto(messages[i], request, &reused).ok());
    ASSERT_EQ(Dump(reused), Dump(*fresh)) << messages[i];
    shapes.insert(fresh->categories.size() * 10000 +
                  fresh->below_threshold.size() * 100 + fresh->steps.size());
  }
  EXPECT_GT(shapes.size(), 5u);
  // An error leaves the result as it was.
  const std::string before = Dump(reused);
  ClassifyRequest bad;
  bad.language = "fr";
  absl::Status status = classifier_->ClassifyInto("提现失败", bad, &reused);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Dump(reused), before);
}

TEST_F(ClassifierTest, ConcurrentClassifyMatchesSerial) {
  const std::vector<std::string> messages = ManyMessages();
  std::vector<std::string> serial;
  for (const std::string& m : messages) serial.push_back(Dump(Classify(m)));
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ClassifyRequest request;
      for (int round = 0; round < 3; ++round) {
        for (size_t i = 0; i < messages.size(); ++i) {
          // Threads walk the list from different starting points.
          const size_t k =
              (i + t * messages.size() / kThreads) % messages.size();
          absl::StatusOr<Classification> r =
              classifier_->Classify(messages[k], request);
          if (round == 0)
            results[t].push_back(r.ok() ? Dump(*r) : "error");
          else if (!r.ok() || Dump(*r) != results[t][i])
            results[t][i] = "unstable";
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[t].size(), messages.size());
    for (size_t i = 0; i < messages.size(); ++i) {
      const size_t k = (i + t * messages.size() / kThreads) % messages.size();
      ASSERT_EQ(results[t][i], serial[k])
          << "thread " << t << ": " << messages[k];
    }
  }
}

#ifdef TRIAGE_WITH_HYPERSCAN
TEST_F(ClassifierTest, HyperscanBackendGivesSameResultsAsRe2) {
  ClassifierOptions options;
  options.backend = Backend::kHyperscan;
  ExpectClassifiesAlike(options, "hyperscan");
}
#endif

// Files in the cache directory, by name.
std::vector<std::string> CacheFiles(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// An empty directory for one test.
std::filesystem::path FreshDir(const char* name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST_F(ClassifierTest, PlanCacheIsWrittenThenLoadedAndSurvivesDamage) {
  const std::filesystem::path dir = FreshDir("triage_plan_cache_test");
  ClassifierOptions options;
  options.cache_dir = dir.string();
  auto check = [&](const char* stage) {
    ExpectClassifiesAlike(options, stage);
  };
  check("planned");
  const std::vector<std::string> files = CacheFiles(dir);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].rfind("triage-plan-", 0), 0u) << files[0];
  const std::filesystem::path file = dir / files[0];
  const auto written = std::filesystem::last_write_time(file);
  const auto size = std::filesystem::file_size(file);
  EXPECT_GT(size, 100u);
  check("loaded");
  // Loaded, not planned again (that would write the file again).
  EXPECT_EQ(std::filesystem::last_write_time(file), written);
  EXPECT_EQ(CacheFiles(dir), files);
  // Damage (here: a truncated file, then one bit) is detected, and the
  // pack planned and the file written afresh.
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
  }
  { std::ofstream(file, std::ios::trunc) << bytes.substr(0, bytes.size() / 2); }
  check("truncated");
  EXPECT_EQ(std::filesystem::file_size(file), size);
  bytes[bytes.size() / 3] ^= 4;
  { std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes; }
  check("bit flipped");
  {
    std::ifstream in(file, std::ios::binary);
    std::string now((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
    EXPECT_NE(now, bytes);
  }
  // Another memory budget plans differently: a file of its own.
  options.max_memory_bytes /= 2;
  check("other budget");
  EXPECT_EQ(CacheFiles(dir).size(), 2u);
  // A directory that does not exist is no error.
  options.cache_dir = (dir / "missing").string();
  check("missing directory");
  std::filesystem::remove_all(dir);
}

TEST_F(ClassifierTest, ClassifiersCreatedAtOnceShareOneCacheDirectory) {
  const std::filesystem::path dir = FreshDir("triage_shared_cache_test");
  ClassifierOptions options;
  options.cache_dir = dir.string();
  std::vector<std::thread> threads;
  std::vector<std::string> dumps(4);
  for (size_t t = 0; t < dumps.size(); ++t) {
    threads.emplace_back([&, t] {
      absl::StatusOr<std::unique_ptr<Classifier>> c =
          Classifier::Create(pack_, options);
      if (!c.ok()) return;
      absl::StatusOr<Classification> r = (*c)->Classify("提现失败，账户被盗");
      if (r.ok()) dumps[t] = Dump(*r);
    });
  }
  for (std::thread& t : threads) t.join();
  const std::string want = Dump(Classify("提现失败，账户被盗"));
  for (const std::string& d : dumps) EXPECT_EQ(d, want);
  // One whole plan file, no temporary left, and it loads.
  const std::vector<std::string> files = CacheFiles(dir);
  ASSERT_EQ(files.size(), 1u) << files.size();
  const auto written = std::filesystem::last_write_time(dir / files[0]);
  ASSERT_TRUE(Classifier::Create(pack_, options).ok());
  EXPECT_EQ(std::filesystem::last_write_time(dir / files[0]), written);
  std::filesystem::remove_all(dir);
}

TEST(DefaultPack, NeedsNoPlanFileItsPlanIsBuiltIn) {
  if (internal::DefaultPlan().empty()) {
    GTEST_SKIP() << "built with TRIAGE_PRECOMPUTE_DEFAULT_PLAN=OFF";
  }
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  const std::filesystem::path dir = FreshDir("triage_default_plan_test");
  ClassifierOptions options;
  options.cache_dir = dir.string();
  auto c = Classifier::Create(std::move(*pack), options);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(CacheFiles(dir).empty());
  std::filesystem::remove_all(dir);
}

#ifdef TRIAGE_WITH_HYPERSCAN
TEST_F(ClassifierTest, CacheDirAlsoKeepsTheHyperscanDatabase) {
  const std::filesystem::path dir = FreshDir("triage_both_cache_test");
  ClassifierOptions options;
  options.backend = Backend::kHyperscan;
  options.cache_dir = dir.string();
  ASSERT_TRUE(Classifier::Create(pack_, options).ok());
  const std::vector<std::string> files = CacheFiles(dir);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].rfind("triage-hs-", 0), 0u) << files[0];
  EXPECT_EQ(files[1].rfind("triage-plan-", 0), 0u) << files[1];
  std::filesystem::remove_all(dir);
}

TEST_F(ClassifierTest, HyperscanCacheIsWrittenThenLoadedAndSurvivesDamage) {
  const std::filesystem::path dir = FreshDir("triage_hs_cache_test");
  ClassifierOptions options;
  options.backend = Backend::kHyperscan;
  options.hyperscan_cache_dir = dir.string();
  auto check = [&](const char* stage) {
    ExpectClassifiesAlike(options, stage);
  };
  check("compiled");
  const std::vector<std::string> files = CacheFiles(dir);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].rfind("triage-hs-", 0), 0u) << files[0];
  const std::filesystem::path file = dir / files[0];
  const auto written = std::filesystem::last_write_time(file);
  check("loaded");
  // Loaded, not rewritten.
  EXPECT_EQ(std::filesystem::last_write_time(file), written);
  EXPECT_EQ(CacheFiles(dir), files);
  // A damaged file is replaced by a fresh compile.
  { std::ofstream(file, std::ios::trunc) << "not a database"; }
  check("damaged");
  EXPECT_GT(std::filesystem::file_size(file), 100u);
  // A directory that does not exist is no error either.
  options.hyperscan_cache_dir = (dir / "missing").string();
  check("missing directory");
  std::filesystem::remove_all(dir);
}

// The differential test on the default pack: its examples and near-misses,
// pairs of them glued together and runs of three as lines of a transcript,
// through both backends.
TEST(DefaultPack, HyperscanAndRe2BackendsAgree) {
  absl::StatusOr<std::unique_ptr<RulePack>> loaded = RulePack::Default();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::shared_ptr<const RulePack> pack(std::move(*loaded));
  ClassifierOptions hs_options;
  hs_options.backend = Backend::kHyperscan;
  auto re2 = Classifier::Create(pack);
  auto hs = Classifier::Create(pack, hs_options);
  ASSERT_TRUE(re2.ok() && hs.ok());
  std::vector<std::string> texts = ExamplesAndNearMisses(*pack);
  const size_t n = texts.size();
  for (size_t i = 0; i < n; i += 7) {
    for (size_t j = 3; j < n; j += 11)
      texts.push_back(texts[i] + "，" + texts[j]);
  }
  // Transcripts: each line goes through the finder on its own.
  for (size_t i = 0; i + 2 < n; i += 5)
    texts.push_back(texts[i] + "\n" + texts[i + 1] + "\r\n" + texts[i + 2]);
  for (const std::string& t : texts) {
    absl::StatusOr<Classification> a = (*re2)->Classify(t);
    absl::StatusOr<Classification> b = (*hs)->Classify(t);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(Dump(*a), Dump(*b)) << t;
  }
  EXPECT_GT(texts.size(), 2000u);
}
#endif

// Arbitrary bytes: pieces of the default pack's examples cut at any byte,
// random bytes (invalid UTF-8, NUL, control bytes), full-width and
// traditional forms, line breaks. Every text classifies (the fallback at
// least), every span lies within the caller's text, and the Hyperscan
// backend, when built, gives the same result.
TEST(DefaultPack, ArbitraryBytesClassifyWithSpansInTheText) {
  absl::StatusOr<std::unique_ptr<RulePack>> loaded = RulePack::Default();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::shared_ptr<const RulePack> pack(std::move(*loaded));
  auto re2 = Classifier::Create(pack);
  ASSERT_TRUE(re2.ok()) << re2.status();
#ifdef TRIAGE_WITH_HYPERSCAN
  ClassifierOptions hs_options;
  hs_options.backend = Backend::kHyperscan;
  auto hs = Classifier::Create(pack, hs_options);
  ASSERT_TRUE(hs.ok()) << hs.status();
#endif
  std::vector<std::string> examples;
  for (const Category& c : pack->categories()) {
    examples.insert(examples.end(), c.examples.begin(), c.examples.end());
  }
  ASSERT_FALSE(examples.empty());
  const std::vector<std::string> odd = {
      "\n",   "\r\n",        "\t",       std::string(1, '\0'),
      "\xff", "\xc3",        "\xe6\x94", "\xed\xa0\x80",
      "　",   "！",          "ＡＢＣ",   "提現",
      "帳戶", "\xef\xbb\xbf"};
  std::mt19937 rng(2026);
  auto pick = [&](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  int reported = 0;
  for (int k = 0; k < 3000; ++k) {
    std::string text;
    for (size_t parts = 1 + pick(6); parts > 0; --parts) {
      switch (pick(3)) {
        case 0: {
          const std::string& e = examples[pick(examples.size())];
          const size_t from = pick(e.size() + 1);
          text += e.substr(from, pick(e.size() - from + 1));
          break;
        }
        case 1:
          for (size_t n = 1 + pick(8); n > 0; --n) {
            text += static_cast<char>(pick(256));
          }
          break;
        default:
          text += odd[pick(odd.size())];
      }
    }
    absl::StatusOr<Classification> r = (*re2)->Classify(text);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->steps.empty());
    reported += !r->categories.empty();
    for (const auto* list : {&r->categories, &r->below_threshold}) {
      for (const CategoryMatch& c : *list) {
        for (const RuleMatch& m : c.matches) {
          ASSERT_LE(m.span.begin, m.span.end) << m.rule_id;
          ASSERT_LE(m.span.end, text.size()) << m.rule_id;
        }
      }
    }
#ifdef TRIAGE_WITH_HYPERSCAN
    absl::StatusOr<Classification> h = (*hs)->Classify(text);
    ASSERT_TRUE(h.ok()) << h.status();
    ASSERT_EQ(Dump(*h), Dump(*r)) << text;
#endif
  }
  // The examples' pieces still make some texts report a category.
  EXPECT_GT(reported, 150);
}

TEST(DefaultPack, ClassifiesClearCutMessages) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  absl::StatusOr<std::unique_ptr<Classifier>> c =
      Classifier::Create(std::shared_ptr<const RulePack>(*std::move(pack)));
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"我忘记登录密码了", "forgot_password"},
      {"手机一直收不到验证码", "verification_code"},
      {"I forgot my password", "forgot_password"},
  };
  for (const auto& [text, id] : cases) {
    absl::StatusOr<Classification> r = (*c)->Classify(text);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_FALSE(r->categories.empty()) << text;
    EXPECT_EQ(r->categories[0].id, id) << text;
  }
  absl::StatusOr<Classification> none = (*c)->Classify("今天天气不错");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->categories.empty());
  EXPECT_FALSE(none->steps.empty());
}

// A penalty rule cannot change the result where no positive rule of its
// category fired, so it is skipped there unless the request asks for all.
TEST(ClassifierPenalties, RunOnlyWherePositiveEvidenceExists) {
  const char* kPack = R"(
[pack]
name = "p"
version = "1"
languages = ["en"]
[[category]]
id = "payment"
urgency = "normal"
title = { en = "Payment" }
[[category.rule]]
id = "pay"
patterns = ['\bpay\b']
[[category.rule]]
id = "refund_penalty"
patterns = ['\brefund\b']
weight = -2.0
[[category.step]]
id = "s"
en = "Step."
[fallback]
[[fallback.step]]
id = "f"
en = "Fallback."
)";
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Parse(kPack, "p");
  ASSERT_TRUE(pack.ok()) << pack.status();
  auto c =
      Classifier::Create(std::shared_ptr<const RulePack>(std::move(*pack)));
  ASSERT_TRUE(c.ok());

  absl::StatusOr<Classification> only_penalty = (*c)->Classify("refund please");
  ASSERT_TRUE(only_penalty.ok());
  EXPECT_TRUE(only_penalty->categories.empty());
  EXPECT_TRUE(only_penalty->below_threshold.empty());

  ClassifyRequest all;
  all.evaluate_all_rules = true;
  absl::StatusOr<Classification> explained =
      (*c)->Classify("refund please", all);
  ASSERT_TRUE(explained.ok());
  ASSERT_EQ(explained->below_threshold.size(), 1u);
  EXPECT_EQ(explained->below_threshold[0].matches[0].rule_id, "refund_penalty");

  // With positive evidence the penalty runs and pulls the score under 1.
  absl::StatusOr<Classification> both = (*c)->Classify("pay or refund");
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->categories.empty());
  ASSERT_EQ(both->below_threshold.size(), 1u);
  EXPECT_DOUBLE_EQ(both->below_threshold[0].score, -1.0);
  ASSERT_EQ(both->below_threshold[0].matches.size(), 2u);
  EXPECT_EQ(both->below_threshold[0].matches[0].rule_id, "pay");  // pack order
}

// Lines of a text (a pasted transcript) are matched one by one.
class LinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* kPack = R"(
[pack]
name = "lines"
version = "1"
languages = ["zh", "en"]
[[category]]
id = "payment_failed"
urgency = "normal"
title = { en = "Payment failed", zh = "支付失败" }
[[category.rule]]
id = "gap"
patterns = ['支付.{0,6}失败']
[[category.rule]]
id = "first_or_second"
patterns = ['\bfirst\b', '\bsecond\b']
[[category.rule]]
id = "line_start"
patterns = ['^start\b']
[[category.rule]]
id = "not_vetoed"
patterns = ['\bdeclined\b']
exclude = ['\bnot\s+declined\b', '\bdeclined\s+twice\b']
[[category.rule]]
id = "penalty"
patterns = ['\brefund\b']
weight = -0.5
[[category.step]]
id = "s"
en = "Step."
zh = "步骤。"
[fallback]
[[fallback.step]]
id = "f"
en = "Fallback."
zh = "其他。"
)";
    absl::StatusOr<std::unique_ptr<RulePack>> pack =
        RulePack::Parse(kPack, "lines");
    ASSERT_TRUE(pack.ok()) << pack.status();
    auto c =
        Classifier::Create(std::shared_ptr<const RulePack>(std::move(*pack)));
    ASSERT_TRUE(c.ok()) << c.status();
    classifier_ = *std::move(c);
  }

  // rule id -> the text its match covers, over categories and
  // below_threshold.
  std::map<std::string, std::string> Matches(std::string_view text,
                                             bool all = false) const {
    ClassifyRequest request;
    request.evaluate_all_rules = all;
    absl::StatusOr<Classification> r = classifier_->Classify(text, request);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    return RuleTexts(*r, text);
  }

  std::unique_ptr<Classifier> classifier_;
};

TEST_F(LinesTest, GapDoesNotJoinTwoLines) {
  EXPECT_EQ(Matches("支付 后来失败了").count("gap"), 1u);
  EXPECT_EQ(Matches("用户: 支付\r\n客服: 失败了吗").count("gap"), 0u);
  EXPECT_EQ(Matches("用户: 支付\n客服: 稍等\n用户: 支付又失败了")["gap"],
            "支付又失败");
}

TEST_F(LinesTest, RuleIsExplainedByItsFirstPatternOnAnyLine) {
  // `first` is the rule's first pattern: it explains the rule even when
  // `second` matched on an earlier line.
  EXPECT_EQ(Matches("the second try\nthe first try")["first_or_second"],
            "first");
  EXPECT_EQ(Matches("the second try\nno luck")["first_or_second"], "second");
}

TEST_F(LinesTest, CaretMatchesAtTheStartOfEachLine) {
  EXPECT_EQ(Matches("hello\nstart again")["line_start"], "start");
  EXPECT_EQ(Matches("hello start again").count("line_start"), 0u);
}

TEST_F(LinesTest, ExclusionVetoesOnlyWithinItsLine) {
  EXPECT_EQ(Matches("it was not declined").count("not_vetoed"), 0u);
  // Across a line break the exclusion no longer matches: lines are apart.
  EXPECT_EQ(Matches("it was not\ndeclined")["not_vetoed"], "declined");
  EXPECT_EQ(Matches("it was not declined\nnow it is declined")["not_vetoed"],
            "declined");
}

// A rule with several exclusions is explained by the first match of its
// pattern that no match of any exclusion overlaps, however the vetoes of
// the exclusions interleave along the line.
TEST_F(LinesTest, ExclusionsOfOneRuleVetoTogether) {
  auto span_of = [&](std::string_view text) -> std::optional<Span> {
    absl::StatusOr<Classification> r = classifier_->Classify(text);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return std::nullopt;
    const std::map<std::string, Span> spans = RuleSpans(*r);
    const auto it = spans.find("not_vetoed");
    if (it == spans.end()) return std::nullopt;
    return it->second;
  };
  // Vetoes: the second exclusion's at 0 and 30, the first's at 16 (its
  // matches are gathered first); "declined" at 0, 20 and 30 is vetoed.
  const std::string text =
      "declined twice, not declined, declined twice, declined!";
  std::optional<Span> s = span_of(text);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->begin, text.rfind("declined"));
  EXPECT_EQ(s->end, s->begin + 8);
  EXPECT_FALSE(span_of("declined twice, then not declined").has_value());
  // A long line repeating a vetoed match thousands of times, then a free
  // one.
  std::string long_line;
  for (int i = 0; i < 5000; ++i) long_line += "not declined, declined twice. ";
  long_line += "declined";
  s = span_of(long_line);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->begin, long_line.size() - 8);
}

// A line over 512 bytes is matched in pieces, like lines: its sentences,
// and a sentence over 512 bytes cut after a clause mark (else at a
// character boundary). Shorter lines are matched whole.
TEST_F(LinesTest, LongLineIsMatchedSentenceBySentence) {
  std::string filler;
  while (filler.size() <= 520) filler += "这是一句别的话。";
  // A gap joins two sentences only in a short line.
  EXPECT_EQ(Matches("先支付。失败了")["gap"], "支付。失败");
  EXPECT_EQ(Matches(filler + "先支付。失败了").count("gap"), 0u);
  // Within a sentence it matches, with its span in the original text.
  const std::string text = filler + "后来支付又失败了！" + filler;
  absl::StatusOr<Classification> r = classifier_->Classify(text);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->categories.size(), 1u);
  ASSERT_EQ(r->categories[0].matches.size(), 1u);
  const Span s = r->categories[0].matches[0].span;
  EXPECT_EQ(s.begin, text.find("支付又失败"));
  EXPECT_EQ(text.substr(s.begin, s.end - s.begin), "支付又失败");
  // `^` matches at the start of each piece, as of each line.
  EXPECT_EQ(Matches(filler + " start again")["line_start"], "start");
  // A sentence of 600 bytes is cut after its last clause mark within 512
  // bytes ("，", made "," by the normaliser), not through the words after.
  std::string clause;
  while (clause.size() < 504) clause += "啊";
  EXPECT_EQ(Matches(clause + "，支付失败" + clause)["gap"], "支付失败");
  // With no clause mark, at the character boundary before byte 512: a
  // match across the cut (支 at 507, 付 at 510) is lost, one after it kept.
  EXPECT_EQ(Matches(clause + "啊支付失败" + clause).count("gap"), 0u);
  EXPECT_EQ(Matches(clause + "啊啊支付失败" + clause)["gap"], "支付失败");
}

TEST_F(LinesTest, PenaltyCountsWhenAPositiveRuleFiredOnAnyLine) {
  // The penalty on line 1, the positive evidence on line 2.
  const auto both = Matches("refund please\nthe first try");
  EXPECT_EQ(both.count("penalty"), 1u);
  EXPECT_EQ(both.count("first_or_second"), 1u);
  // Alone it does not count, unless every rule is asked for.
  EXPECT_EQ(Matches("refund please\nthanks").count("penalty"), 0u);
  EXPECT_EQ(Matches("refund please\nthanks", true).count("penalty"), 1u);
}

// The default pack with a classifier and a normaliser, for tests that
// compare its results with a reference.
class DefaultPackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RulePack>> loaded = RulePack::Default();
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    pack_ = std::shared_ptr<const RulePack>(std::move(*loaded));
    auto classifier = Classifier::Create(pack_);
    ASSERT_TRUE(classifier.ok()) << classifier.status();
    classifier_ = *std::move(classifier);
    auto normalizer = Normalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    normalizer_ = *std::move(normalizer);
  }

  std::shared_ptr<const RulePack> pack_;
  std::unique_ptr<Classifier> classifier_;
  std::unique_ptr<Normalizer> normalizer_;
};

// The default pack on pasted transcripts (its examples and near-misses,
// several to a text, one per line) against plain RE2 run pattern by pattern
// on each normalised line: every rule's explanation is its first pattern
// with a match no exclusion overlaps on the same line, at that pattern's
// first such match.
TEST_F(DefaultPackTest, TranscriptsMatchPerPatternRe2LineByLine) {
  struct RuleRes {
    std::string id;
    std::vector<std::unique_ptr<RE2>> patterns, excludes;
  };
  RE2::Options options;
  options.set_never_capture(true);
  std::vector<RuleRes> rules;
  const std::vector<std::string> samples = ExamplesAndNearMisses(*pack_);
  for (const Category& c : pack_->categories()) {
    for (const Rule& r : c.rules) {
      rules.push_back({r.id, {}, {}});
      for (const std::string& p : r.expanded_patterns)
        rules.back().patterns.push_back(std::make_unique<RE2>(p, options));
      for (const std::string& p : r.expanded_excludes)
        rules.back().excludes.push_back(std::make_unique<RE2>(p, options));
    }
  }
  auto all_matches = [](const RE2& re, std::string_view line) {
    std::vector<Span> out;
    re2::StringPiece m;
    for (size_t pos = 0;
         pos <= line.size() &&
         re.Match(line, pos, line.size(), RE2::UNANCHORED, &m, 1);) {
      const size_t b = m.data() - line.data();
      out.push_back({b, b + m.size()});
      pos = b + std::max<size_t>(m.size(), 1);
    }
    return out;
  };
  ClassifyRequest all;
  all.evaluate_all_rules = true;
  int texts = 0, lines_with_matches = 0;
  // Four lines from samples i..i+6, in a mixed order.
  constexpr size_t kOffsets[] = {0, 3, 6, 4};
  for (size_t i = 0; i + 6 < samples.size(); i += 3, ++texts) {
    std::string text;
    for (size_t k = 0; k < 4; ++k) {
      text += (k % 2 ? "客服: " : "用户: ") + samples[i + kOffsets[k]] + "\n";
    }
    const NormalizedText norm = normalizer_->Normalize(text);
    // Reference: rule id -> original span.
    std::map<std::string, Span> want;
    for (const RuleRes& r : rules) {
      for (const auto& re : r.patterns) {
        std::optional<Span> found;
        for (size_t b = 0; !found && b <= norm.text.size();) {
          size_t e = norm.text.find('\n', b);
          if (e == std::string::npos) e = norm.text.size();
          const std::string_view line =
              std::string_view(norm.text).substr(b, e - b);
          std::vector<Span> vetoes;
          for (const auto& ex : r.excludes) {
            for (Span s : all_matches(*ex, line)) vetoes.push_back(s);
          }
          for (Span s : all_matches(*re, line)) {
            bool vetoed = false;
            for (Span v : vetoes)
              vetoed = vetoed || (s.begin < v.end && v.begin < s.end);
            if (vetoed) continue;
            found = Span{s.begin + b, s.end + b};
            break;
          }
          b = e + 1;
        }
        if (found) {
          want[r.id] = norm.ToOriginal(*found);
          break;
        }
      }
    }
    absl::StatusOr<Classification> got = classifier_->Classify(text, all);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(RuleSpans(*got), want) << text;
    lines_with_matches += !want.empty();
  }
  EXPECT_GT(texts, 300);
  EXPECT_GT(lines_with_matches, texts / 2);
}

// A long line of the default pack's examples and near-misses gives the
// same rules and explanations as the same text with a line break after
// each sentence (its pieces are its sentences when none is over 512 bytes).
TEST_F(DefaultPackTest, LongLineMatchesLikeItsSentencesOnLines) {
  const std::vector<std::string> samples = ExamplesAndNearMisses(*pack_);
  auto matches = [&](const std::string& text) {
    ClassifyRequest all;
    all.evaluate_all_rules = true;
    absl::StatusOr<Classification> r = classifier_->Classify(text, all);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? RuleTexts(*r, text) : std::map<std::string, std::string>();
  };
  // The line break goes after each run of sentence marks (。 ! ? ; and .
  // before a space or the end), as the classifier cuts a long line.
  auto on_lines = [](const std::string& line) {
    auto mark = [&](size_t i) -> size_t {
      if (line[i] == '!' || line[i] == '?' || line[i] == ';') return 1;
      if (line[i] == '.') {
        return i + 1 == line.size() || line[i + 1] == ' ' ? 1 : 0;
      }
      return line.compare(i, 3, "\xe3\x80\x82") == 0 ? 3 : 0;
    };
    std::string out;
    for (size_t i = 0; i < line.size();) {
      size_t n = mark(i);
      if (n == 0) {
        out += line[i++];
        continue;
      }
      while (i < line.size() && (n > 0 || line[i] == '.')) {
        const size_t k = n > 0 ? n : 1;
        out += line.substr(i, k);
        i += k;
        n = i < line.size() ? mark(i) : 0;
      }
      out += '\n';
    }
    return out;
  };
  int texts = 0;
  for (size_t i = 0; i + 12 < samples.size(); i += 12, ++texts) {
    std::string raw;
    for (size_t k = 0; k < 12; ++k) raw += samples[i + k] + "。";
    // Normalised first, so that the marks seen are the classifier's.
    const std::string line = normalizer_->NormalizeText(raw);
    ASSERT_EQ(line.find('\n'), std::string::npos);
    if (line.size() <= 512) continue;
    EXPECT_EQ(matches(line), matches(on_lines(line))) << line;
  }
  EXPECT_GT(texts, 20);
}

}  // namespace
}  // namespace triage
