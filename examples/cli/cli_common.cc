#include "examples/cli/cli_common.h"

#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace triage_cli {

absl::StatusOr<std::shared_ptr<const triage::RulePack>> LoadPack(
    const std::string& path) {
  absl::StatusOr<std::unique_ptr<triage::RulePack>> pack =
      path.empty() ? triage::RulePack::Default()
                   : triage::RulePack::LoadFile(path);
  if (!pack.ok()) return pack.status();
  return std::shared_ptr<const triage::RulePack>(*std::move(pack));
}

absl::StatusOr<std::unique_ptr<triage::Classifier>> LoadClassifier(
    const std::string& pack_path, const std::string& backend,
    const std::string& cache_dir) {
  absl::StatusOr<std::shared_ptr<const triage::RulePack>> pack =
      LoadPack(pack_path);
  if (!pack.ok()) return pack.status();
  triage::ClassifierOptions options;
  options.backend = backend == "hyperscan" ? triage::Backend::kHyperscan
                                           : triage::Backend::kRe2;
  options.cache_dir = cache_dir;
  return triage::Classifier::Create(*std::move(pack), options);
}

absl::Status ParseBrandOverrides(const std::vector<std::string>& pairs,
                                 std::map<std::string, std::string>* out) {
  for (const std::string& kv : pairs) {
    std::pair<std::string, std::string> p =
        absl::StrSplit(kv, absl::MaxSplits('=', 1));
    if (p.first.empty() || kv.find('=') == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--brand expects KEY=VALUE, got '", kv, "'"));
    }
    (*out)[p.first] = p.second;
  }
  return absl::OkStatus();
}

nlohmann::json ToJson(std::string_view text, const triage::Classification& r) {
  nlohmann::json cats = nlohmann::json::array();
  for (const triage::CategoryMatch& c : r.categories) {
    nlohmann::json matches = nlohmann::json::array();
    for (const triage::RuleMatch& m : c.matches) {
      matches.push_back(
          {{"rule", m.rule_id}, {"start", m.span.begin}, {"end", m.span.end}});
    }
    cats.push_back({{"id", c.id},
                    {"title", c.title},
                    {"score", c.score},
                    {"urgency", triage::UrgencyName(c.urgency)},
                    {"matches", std::move(matches)}});
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const triage::StepText& s : r.steps) {
    steps.push_back({{"category", s.category}, {"id", s.id}, {"text", s.text}});
  }
  return {{"text", std::string(text)},
          {"language", r.language},
          {"urgency", triage::UrgencyName(r.urgency)},
          {"categories", std::move(cats)},
          {"steps", std::move(steps)},
          {"checklist", r.checklist},
          {"truncated", r.truncated}};
}

std::string DumpLine(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void PrintText(std::ostream& out, std::string_view text,
               const triage::Classification& r) {
  out << "> " << text << "\n";
  if (r.categories.empty()) {
    out << "  no category (fallback)\n";
  }
  for (const triage::CategoryMatch& c : r.categories) {
    out << absl::StrFormat("  %-26s %-6s score %.2f  %s\n", c.id,
                           triage::UrgencyName(c.urgency), c.score, c.title);
  }
  out << "  urgency: " << triage::UrgencyName(r.urgency) << "\n  steps:\n";
  int n = 0;
  for (const triage::StepText& s : r.steps) {
    out << "    " << ++n << ". " << s.text << "\n";
  }
  if (!r.checklist.empty()) {
    out << "  have ready:\n";
    for (const std::string& item : r.checklist) out << "    - " << item << "\n";
  }
  out << "\n";
}

int Fail(const absl::Status& status) {
  for (absl::string_view line : absl::StrSplit(status.message(), '\n')) {
    std::cerr << "triage: " << line << "\n";
  }
  return status.code() == absl::StatusCode::kNotFound ? 3 : 1;
}

}  // namespace triage_cli
