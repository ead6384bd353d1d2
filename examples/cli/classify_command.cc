#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "examples/cli/cli_common.h"
#include "examples/cli/commands.h"

namespace triage_cli {
namespace {

struct ClassifyOptions {
  std::string pack;
  std::string backend = "re2";
  std::string cache_dir;
  std::string lang = "auto";
  std::vector<std::string> brand;
  std::string format = "text";
  std::vector<std::string> texts;
};

// Classifies one text and prints it; returns false on a library error.
bool ClassifyOne(const triage::Classifier& classifier,
                 const triage::ClassifyRequest& request,
                 const ClassifyOptions& opts, const std::string& text) {
  absl::StatusOr<triage::Classification> r = classifier.Classify(text, request);
  if (!r.ok()) {
    Fail(r.status());
    return false;
  }
  if (opts.format == "jsonl") {
    std::cout << DumpLine(ToJson(text, *r)) << "\n";
  } else {
    PrintText(std::cout, text, *r);
  }
  return true;
}

int RunClassify(const ClassifyOptions& opts) {
  triage::ClassifyRequest request;
  if (opts.lang != "auto") request.language = opts.lang;
  absl::Status brand =
      ParseBrandOverrides(opts.brand, &request.brand_overrides);
  if (!brand.ok()) return Fail(brand);
  absl::StatusOr<std::unique_ptr<triage::Classifier>> classifier =
      LoadClassifier(opts.pack, opts.backend, opts.cache_dir);
  if (!classifier.ok()) return Fail(classifier.status());
  if (!opts.texts.empty()) {
    for (const std::string& text : opts.texts) {
      if (!ClassifyOne(**classifier, request, opts, text)) return 1;
    }
    return 0;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!ClassifyOne(**classifier, request, opts, line)) return 1;
  }
  if (std::cin.bad()) {
    return Fail(absl::DataLossError("cannot read standard input"));
  }
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}

}  // namespace

void RegisterClassify(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ClassifyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "classify", "Classify each TEXT, or each line of standard input");
  cmd->add_option("--pack", opts->pack,
                  "Rule pack file (default: the embedded wallet pack)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--backend", opts->backend, "Matching engine")
      ->check(CLI::IsMember({"re2", "hyperscan"}));
  cmd->add_option("--cache-dir", opts->cache_dir,
                  "Keep the pack's plan (and Hyperscan database) here between "
                  "runs");
  cmd->add_option("--lang", opts->lang, "Language of the steps")
      ->check(CLI::IsMember({"zh", "en", "auto"}));
  // One value per --brand, so that "--brand k=v TEXT" leaves TEXT alone.
  cmd->add_option("--brand", opts->brand,
                  "Override a brand value, KEY=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "jsonl"}));
  cmd->add_option("text", opts->texts, "Messages to classify");
  cmd->callback([opts, exit_code] { *exit_code = RunClassify(*opts); });
}

}  // namespace triage_cli
