#include "triage/rule_pack.h"

#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace triage {
namespace {

std::string TestData(std::string_view name) {
  return std::string(TRIAGE_TESTDATA_DIR) + "/" + std::string(name);
}

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(RulePack, MinimalPackLoads) {
  const std::string path = TestData("minimal_pack.toml");
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::LoadFile(path);
  ASSERT_TRUE(pack.ok()) << pack.status();
  const RulePack& p = **pack;
  EXPECT_EQ(p.name(), "minimal");
  EXPECT_EQ(p.version(), "1.2.3");
  EXPECT_EQ(p.languages(), std::vector<std::string>{"en"});
  EXPECT_EQ(p.source_name(), path);
  ASSERT_EQ(p.categories().size(), 1u);
  const Category& c = p.categories()[0];
  EXPECT_EQ(c.id, "lost_card");
  EXPECT_EQ(c.urgency, Urgency::kNormal);
  EXPECT_EQ(c.title.at("en"), "Lost card");
  EXPECT_EQ(c.min_score, 1.0);
  EXPECT_EQ(c.location.line, 6);
  ASSERT_EQ(c.rules.size(), 1u);
  EXPECT_EQ(c.rules[0].id, "lost");
  EXPECT_EQ(c.rules[0].weight, 1.0);
  EXPECT_EQ(c.rules[0].location.line, 11);
  EXPECT_EQ(c.rules[0].patterns,
            std::vector<std::string>{"\\blost\\b.{0,10}\\bcard\\b"});
  ASSERT_EQ(c.steps.size(), 1u);
  EXPECT_EQ(c.steps[0].id, "block");
  ASSERT_EQ(p.fallback_steps().size(), 1u);
  EXPECT_EQ(p.fallback_steps()[0].text.at("en"), "Describe the problem.");
  EXPECT_EQ(p.FindCategory("lost_card"), &c);
  EXPECT_EQ(p.FindCategory("no_such_category"), nullptr);
}

TEST(RulePack, ParseUsesSourceNameInErrors) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::Parse("[pack]\nname = \"x\"\nversion = 1\n", "inline.toml");
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(pack.status()).rfind("inline.toml:", 0), 0u)
      << pack.status();
}

TEST(RulePack, SmallPackExpandsLexiconsAndKeepsPackOrder) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData("small_pack.toml"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  const RulePack& p = **pack;
  std::vector<std::string> ids;
  for (const Category& c : p.categories()) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"unauthorized_transaction",
                                           "withdrawal_failed",
                                           "account_locked", "fee_question"}));
  const Category& stolen = p.categories()[0];
  EXPECT_EQ(stolen.urgency, Urgency::kHigh);
  EXPECT_EQ(stolen.checklist.size(), 2u);
  EXPECT_EQ(stolen.examples.size(), 2u);
  EXPECT_EQ(stolen.rules[0].expanded_excludes.size(), 2u);
  const Rule& unknown = stolen.rules[1];
  ASSERT_EQ(unknown.expanded_patterns.size(), unknown.patterns.size());
  EXPECT_EQ(unknown.expanded_patterns[0],
            "(?:陌生|不明|不认识|\\bunknown\\b).{0,6}(?:扣款|交易)");
  const Category& fee = p.categories()[3];
  EXPECT_EQ(fee.min_score, 2.0);
  EXPECT_EQ(fee.rules[2].weight, -1.5);
  EXPECT_EQ(p.brand().at("hotline").at(""), "400-111-2222");
  EXPECT_EQ(p.brand().at("wallet_name").at("en"), "Test Wallet");
  EXPECT_EQ(p.lexicons().size(), 3u);
}

TEST(RulePack, LoadFileOfMissingFileIsNotFound) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TestData("no_such_pack.toml"));
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(Message(pack.status()).find("no_such_pack.toml"),
            std::string::npos);
}

TEST(RulePack, LoadFileOfDirectoryIsNotFound) {
  absl::StatusOr<std::unique_ptr<RulePack>> pack =
      RulePack::LoadFile(TRIAGE_TESTDATA_DIR);
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().code(), absl::StatusCode::kNotFound) << pack.status();
}

TEST(RulePack, DefaultPackLoads) {
  EXPECT_FALSE(RulePack::DefaultSource().empty());
  EXPECT_NE(RulePack::DefaultSource().find("[pack]"), std::string_view::npos);
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::Default();
  ASSERT_TRUE(pack.ok()) << pack.status();
  EXPECT_EQ((*pack)->name(), "wallet");
  EXPECT_FALSE((*pack)->categories().empty());
  EXPECT_FALSE((*pack)->fallback_steps().empty());
  for (const char* lang : {"zh", "en"}) {
    EXPECT_NE(std::find((*pack)->languages().begin(),
                        (*pack)->languages().end(), lang),
              (*pack)->languages().end())
        << lang;
  }
}

// Default() skips the RE2 syntax check the build made; with every check the
// embedded pack must load too, to the same patterns.
TEST(RulePack, DefaultPackPassesEveryCheckAndLoadsTheSameWithout) {
  absl::StatusOr<std::unique_ptr<RulePack>> checked =
      RulePack::Parse(RulePack::DefaultSource(), "embedded");
  ASSERT_TRUE(checked.ok()) << checked.status();
  absl::StatusOr<std::unique_ptr<RulePack>> fast = RulePack::Default();
  ASSERT_TRUE(fast.ok()) << fast.status();
  ASSERT_EQ((*checked)->categories().size(), (*fast)->categories().size());
  for (size_t c = 0; c < (*fast)->categories().size(); ++c) {
    const auto& a = (*checked)->categories()[c].rules;
    const auto& b = (*fast)->categories()[c].rules;
    ASSERT_EQ(a.size(), b.size());
    for (size_t r = 0; r < a.size(); ++r) {
      EXPECT_EQ(a[r].expanded_patterns, b[r].expanded_patterns) << a[r].id;
      EXPECT_EQ(a[r].expanded_excludes, b[r].expanded_excludes) << a[r].id;
    }
  }
}

// A broken fixture and what its error must say.
struct BadPack {
  const char* file;
  int line;
  int column;  // 0: not checked
  std::vector<const char*> mentions;
};

void PrintTo(const BadPack& b, std::ostream* os) { *os << b.file; }

class BadPackTest : public ::testing::TestWithParam<BadPack> {};

TEST_P(BadPackTest, IsInvalidArgumentNamingFileLineAndRule) {
  const BadPack& bad = GetParam();
  const std::string path = TestData(bad.file);
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::LoadFile(path);
  ASSERT_FALSE(pack.ok()) << bad.file << " loaded";
  EXPECT_EQ(pack.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message = Message(pack.status());
  std::string where = path + ":" + std::to_string(bad.line) + ":";
  if (bad.column != 0) where += std::to_string(bad.column) + ":";
  EXPECT_EQ(message.rfind(where, 0), 0u)
      << "expected to start with " << where << "\n got: " << message;
  for (const char* m : bad.mentions) {
    EXPECT_NE(message.find(m), std::string::npos)
        << "expected to mention " << m << "\n got: " << message;
  }
}

// Problems with a whole table (missing field, duplicate) are reported at the
// table's header; problems with one value at that value.
INSTANTIATE_TEST_SUITE_P(
    RulePack, BadPackTest,
    ::testing::Values(
        BadPack{"bad_malformed_toml.toml", 7, 0, {}},
        BadPack{"bad_unknown_key_pack.toml", 5, 1, {"[pack]", "'author'"}},
        BadPack{"bad_unknown_key_category.toml",
                9,
                1,
                {"category 'lost_card'", "'priority'"}},
        BadPack{"bad_unknown_key_rule.toml",
                14,
                1,
                {"category 'lost_card'", "'wieght'"}},
        BadPack{"bad_missing_title.toml",
                6,
                1,
                {"category 'lost_card'", "'title'"}},
        BadPack{
            "bad_missing_patterns.toml", 11, 1, {"rule 'lost'", "'patterns'"}},
        BadPack{"bad_duplicate_category.toml",
                19,
                1,
                {"category 'lost_card'", "duplicate category id"}},
        BadPack{"bad_duplicate_rule.toml",
                24,
                1,
                {"category 'stolen_card'", "rule 'lost'", "duplicate rule id"}},
        BadPack{"bad_pattern_syntax.toml",
                13,
                25,
                {"rule 'lost'", "(unclosed", "does not compile"}},
        BadPack{"bad_unknown_lexicon.toml", 17, 0, {"rule 'lost'", "{cards}"}},
        BadPack{
            "bad_placeholder.toml", 20, 0, {"step 'block'", "{no_such_brand}"}},
        BadPack{
            "bad_urgency.toml", 8, 11, {"category 'lost_card'", "'urgent'"}},
        BadPack{
            "bad_missing_language_step.toml", 15, 1, {"step 'block'", "'zh'"}},
        BadPack{"bad_missing_language_title.toml",
                9,
                9,
                {"category 'lost_card'", "title", "'zh'"}}));

TEST(RulePack, ReportsEveryProblemOnItsOwnLine) {
  const std::string path = TestData("bad_two_problems.toml");
  absl::StatusOr<std::unique_ptr<RulePack>> pack = RulePack::LoadFile(path);
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message = Message(pack.status());
  EXPECT_NE(message.find(path + ":8:"), std::string::npos) << message;
  EXPECT_NE(message.find("'soon'"), std::string::npos) << message;
  EXPECT_NE(message.find("\n" + path + ":13:"), std::string::npos) << message;
  EXPECT_NE(message.find("[unclosed"), std::string::npos) << message;
}

}  // namespace
}  // namespace triage
