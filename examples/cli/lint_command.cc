// `triage lint`: load errors, then the pack's own examples and near-misses,
// then checks of rules that load but cannot work as meant.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "examples/cli/cli_common.h"
#include "examples/cli/commands.h"
#include "examples/cli/pack_checks.h"

namespace triage_cli {
namespace {

struct LintOptions {
  std::vector<std::string> packs;
  std::string expand;
};

void PrintExpansion(const triage::RulePack& pack, const std::string& rule_id) {
  for (const triage::Category& c : pack.categories()) {
    for (const triage::Rule& r : c.rules) {
      if (r.id != rule_id) continue;
      for (size_t i = 0; i < r.patterns.size(); ++i) {
        std::cout << r.id << ": " << r.patterns[i] << "\n  => "
                  << r.expanded_patterns[i] << "\n";
      }
      for (const std::string& ex : r.expanded_excludes) {
        std::cout << "  exclude => " << ex << "\n";
      }
    }
  }
}

// Returns the number of problems found in the pack at `path`.
int LintOne(const std::string& path, const LintOptions& opts) {
  absl::StatusOr<std::shared_ptr<const triage::RulePack>> pack = LoadPack(path);
  if (!pack.ok()) {
    std::cout << pack.status().message() << "\n";
    return 1;
  }
  if (!opts.expand.empty()) PrintExpansion(**pack, opts.expand);
  absl::StatusOr<std::unique_ptr<triage::Classifier>> classifier =
      triage::Classifier::Create(*pack);
  if (!classifier.ok()) {
    std::cout << path << ":1:1: " << classifier.status().message() << "\n";
    return 1;
  }
  std::vector<std::string> problems = CheckExamples(**classifier);
  for (std::string& p : CheckRules(**classifier))
    problems.push_back(std::move(p));
  for (const std::string& p : problems) std::cout << p << "\n";
  return static_cast<int>(problems.size());
}

int RunLint(const LintOptions& opts) {
  int problems = 0;
  for (const std::string& path : opts.packs) problems += LintOne(path, opts);
  if (problems > 0) {
    std::cerr << "triage lint: " << problems << " problem(s)\n";
    return 1;
  }
  return 0;
}

}  // namespace

void RegisterLint(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<LintOptions>();
  CLI::App* cmd = app.add_subcommand(
      "lint", "Check packs: load errors, examples, near-misses, rule problems");
  cmd->add_option("packs", opts->packs, "Pack files")->required();
  cmd->add_option("--expand", opts->expand,
                  "Print the lexicon expansion of the rule with this id");
  cmd->callback([opts, exit_code] { *exit_code = RunLint(*opts); });
}

}  // namespace triage_cli
