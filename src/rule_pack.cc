#include "triage/rule_pack.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/default_plan.h"
#include "src/pack_parser.h"
#include "src/str_cat.h"

namespace triage {
using internal::Cat;
namespace internal {
// Defined in the generated default_pack.cc (packs/wallet.toml at build time).
extern const char kDefaultPackToml[];
extern const size_t kDefaultPackTomlSize;
}  // namespace internal

const char* UrgencyName(Urgency urgency) {
  return urgency == Urgency::kHigh ? "high" : "normal";
}

struct RulePack::Rep {
  internal::PackModel model;
};

RulePack::RulePack(std::unique_ptr<const Rep> rep) : rep_(std::move(rep)) {}
RulePack::~RulePack() = default;

namespace {

absl::StatusOr<internal::PackModel> ParseModel(std::string_view toml,
                                               std::string_view source_name,
                                               bool check_regex_syntax) {
  absl::StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  return internal::ParsePack(toml, source_name, **normalizer,
                             check_regex_syntax);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RulePack>> RulePack::Parse(
    std::string_view toml, std::string_view source_name) {
  absl::StatusOr<internal::PackModel> model =
      ParseModel(toml, source_name, /*check_regex_syntax=*/true);
  if (!model.ok()) return model.status();
  auto rep = std::make_unique<Rep>();
  rep->model = *std::move(model);
  return std::unique_ptr<RulePack>(new RulePack(std::move(rep)));
}

absl::StatusOr<std::unique_ptr<RulePack>> RulePack::LoadFile(
    const std::string& path) {
  // A directory opens as a stream on Linux and reads as empty.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::NotFoundError(Cat(path, ": is a directory, not a pack file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open pack file"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    return absl::NotFoundError(Cat(path, ": cannot read pack file"));
  return Parse(buffer.str(), path);
}

std::string_view RulePack::DefaultSource() {
  return std::string_view(internal::kDefaultPackToml,
                          internal::kDefaultPackTomlSize);
}

absl::StatusOr<std::unique_ptr<RulePack>> RulePack::Default() {
  // When the build made the default plan, it parsed the patterns with RE2
  // (see src/tools/gen_plan.cc), so loading skips that check.
  absl::StatusOr<internal::PackModel> model =
      ParseModel(DefaultSource(), "packs/wallet.toml (embedded)",
                 /*check_regex_syntax=*/internal::DefaultPlan().empty());
  if (!model.ok()) {
    return absl::InternalError(
        Cat("embedded default pack is broken: ", model.status().message()));
  }
  auto rep = std::make_unique<Rep>();
  rep->model = *std::move(model);
  return std::unique_ptr<RulePack>(new RulePack(std::move(rep)));
}

const std::string& RulePack::name() const { return rep_->model.name; }
const std::string& RulePack::version() const { return rep_->model.version; }
const std::vector<std::string>& RulePack::languages() const {
  return rep_->model.languages;
}
const std::string& RulePack::source_name() const {
  return rep_->model.source_name;
}
const std::vector<Category>& RulePack::categories() const {
  return rep_->model.categories;
}
const std::vector<Step>& RulePack::fallback_steps() const {
  return rep_->model.fallback_steps;
}
const std::map<std::string, LocalizedText>& RulePack::brand() const {
  return rep_->model.brand;
}
const std::vector<Lexicon>& RulePack::lexicons() const {
  return rep_->model.lexicons;
}

const Category* RulePack::FindCategory(std::string_view id) const {
  for (const Category& c : rep_->model.categories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace triage
