// A pattern table's plan (PatternTable::SerializePlan) must give back the
// same table, be refused for other patterns or budgets or when damaged, and
// the plan embedded in the library must be the default pack's current one.
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/default_plan.h"
#include "src/matcher.h"
#include "triage/classifier.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {
namespace {

constexpr int64_t kBudget = int64_t{64} << 20;

const std::vector<std::string> kPatterns = {
    "(?:支付|付款).{0,6}(?:失败|不成功)",
    "提现|取现",
    "\\bwithdr\\w*",
    "(?:账户|帐户)(?:被)?(?:冻结|锁定)",
    "\\b(?:can.?t|cannot) (?:log ?in|sign in)\\b",
    "验证码",
};
const std::vector<std::string> kOwner = {"pay",  "cash",     "cash_en",
                                         "lock", "login_en", "code"};

std::string FreshPlan(const std::vector<std::string>& patterns,
                      int64_t budget) {
  auto table = PatternTable::Create(
      patterns, std::vector<std::string>(patterns.size(), "r"), budget);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? (*table)->SerializePlan() : "";
}

TEST(Plan, IsTakenForTheSamePatternsAndBudget) {
  const std::string plan = FreshPlan(kPatterns, kBudget);
  ASSERT_FALSE(plan.empty());
  auto table = PatternTable::Create(kPatterns, kOwner, kBudget, plan);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_TRUE((*table)->loaded_plan());
  EXPECT_EQ((*table)->SerializePlan(), plan);
  EXPECT_EQ((*table)->size(), static_cast<int>(kPatterns.size()));
}

TEST(Plan, IsIgnoredForOtherPatternsOrBudget) {
  const std::string plan = FreshPlan(kPatterns, kBudget);
  std::vector<std::string> other = kPatterns;
  other[1] = "提现|取钱";
  auto changed = PatternTable::Create(other, kOwner, kBudget, plan);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_FALSE((*changed)->loaded_plan());
  EXPECT_EQ((*changed)->SerializePlan(), FreshPlan(other, kBudget));

  other = kPatterns;
  other.pop_back();
  auto fewer = PatternTable::Create(other, kOwner, kBudget, plan);
  ASSERT_TRUE(fewer.ok()) << fewer.status();
  EXPECT_FALSE((*fewer)->loaded_plan());
  EXPECT_EQ((*fewer)->size(), static_cast<int>(other.size()));

  auto budget = PatternTable::Create(kPatterns, kOwner, kBudget / 2, plan);
  ASSERT_TRUE(budget.ok()) << budget.status();
  EXPECT_FALSE((*budget)->loaded_plan());
  EXPECT_EQ((*budget)->SerializePlan(), FreshPlan(kPatterns, kBudget / 2));
}

TEST(Plan, DamagedPlanIsRefusedAndTheTablePlannedAgain) {
  const std::string plan = FreshPlan(kPatterns, kBudget);
  std::vector<std::string> damaged;
  for (size_t n = 0; n < plan.size(); n += 7)
    damaged.push_back(plan.substr(0, n));
  damaged.push_back(plan + "x");
  std::mt19937 rng(7);
  for (int k = 0; k < 300; ++k) {
    std::string d = plan;
    const size_t at =
        std::uniform_int_distribution<size_t>(0, d.size() - 1)(rng);
    d[at] = static_cast<char>(d[at] ^ (1 << (k % 8)));
    damaged.push_back(d);
  }
  for (const std::string& d : damaged) {
    auto table = PatternTable::Create(kPatterns, kOwner, kBudget, d);
    ASSERT_TRUE(table.ok()) << table.status();
    EXPECT_FALSE((*table)->loaded_plan()) << "plan of " << d.size() << " bytes";
    EXPECT_EQ((*table)->SerializePlan(), plan);
  }
}

TEST(Plan, ChecksCreateMakesAreMadeAgainFromThePlan) {
  // Under a small budget Create compiles the entries an estimate cannot
  // show to fit; a plan keeps them, and loading it compiles them again.
  const std::vector<std::string> patterns = {"提现", "(?:\\p{Han}|[a-z]){300}"};
  const int64_t budget = int64_t{1} << 20;
  auto planned = PatternTable::Create(patterns, kOwner, budget);
  ASSERT_TRUE(planned.ok()) << planned.status();
  ASSERT_GT((*planned)->num_checked(), 0);
  const std::string plan = (*planned)->SerializePlan();
  auto loaded = PatternTable::Create(patterns, kOwner, budget, plan);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE((*loaded)->loaded_plan());
  EXPECT_EQ((*loaded)->num_checked(), (*planned)->num_checked());
  EXPECT_EQ((*loaded)->SerializePlan(), plan);
}

TEST(Plan, EmbeddedPlanIsTheDefaultPacksCurrentPlan) {
  if (DefaultPlan().empty()) {
    GTEST_SKIP() << "built with TRIAGE_PRECOMPUTE_DEFAULT_PLAN=OFF";
  }
  auto pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  const TablePatterns in = TablePatternsOf(**pack);
  const int64_t budget = TableBudget(ClassifierOptions());
  auto loaded =
      PatternTable::Create(in.patterns, in.owner, budget, DefaultPlan());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE((*loaded)->loaded_plan());
  auto planned = PatternTable::Create(in.patterns, in.owner, budget);
  ASSERT_TRUE(planned.ok()) << planned.status();
  EXPECT_FALSE((*planned)->loaded_plan());
  EXPECT_EQ((*planned)->SerializePlan(), DefaultPlan());
}

}  // namespace
}  // namespace internal
}  // namespace triage
