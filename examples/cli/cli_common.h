// Helpers shared by the triage CLI's commands.
#ifndef TRIAGE_EXAMPLES_CLI_CLI_COMMON_H_
#define TRIAGE_EXAMPLES_CLI_CLI_COMMON_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "triage/classifier.h"
#include "triage/rule_pack.h"

namespace triage_cli {

// Loads the pack at `path`, or the embedded default pack when `path` is empty.
absl::StatusOr<std::shared_ptr<const triage::RulePack>> LoadPack(
    const std::string& path);

// Loads a pack and compiles a classifier for it with the named backend
// ("re2" or "hyperscan"), keeping what Create computes in `cache_dir` when
// not empty (see ClassifierOptions::cache_dir).
absl::StatusOr<std::unique_ptr<triage::Classifier>> LoadClassifier(
    const std::string& pack_path, const std::string& backend = "re2",
    const std::string& cache_dir = "");

// Parses KEY=VALUE pairs into `out`.
absl::Status ParseBrandOverrides(const std::vector<std::string>& pairs,
                                 std::map<std::string, std::string>* out);

// The JSON object printed per input line by `classify --format jsonl`.
nlohmann::json ToJson(std::string_view text, const triage::Classification& r);

// Serialises JSON on one line; invalid UTF-8 in strings is replaced.
std::string DumpLine(const nlohmann::json& j);

// Prints a result for people.
void PrintText(std::ostream& out, std::string_view text,
               const triage::Classification& r);

// Prints `status` as one line per message line on stderr, prefixed by
// "triage: ", and returns the exit code to use.
int Fail(const absl::Status& status);

}  // namespace triage_cli

#endif  // TRIAGE_EXAMPLES_CLI_CLI_COMMON_H_
