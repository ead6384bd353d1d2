// Turns pack TOML into the validated pack model.
#ifndef TRIAGE_SRC_PACK_PARSER_H_
#define TRIAGE_SRC_PACK_PARSER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {

// Everything a pack holds, validated.
struct PackModel {
  std::string source_name;
  std::string name;
  std::string version;
  std::vector<std::string> languages;
  std::map<std::string, LocalizedText> brand;
  std::vector<Lexicon> lexicons;
  std::vector<Category> categories;
  std::vector<Step> fallback_steps;
};

// Parses `toml` and validates it completely. On failure returns
// kInvalidArgument whose message has one "source:line:column: message" line
// per problem (at most a few dozen). `check_regex_syntax` = false skips
// parsing every pattern with RE2 (half the time), for a pack already known
// to be valid: the embedded default pack, checked when the library is built.
absl::StatusOr<PackModel> ParsePack(std::string_view toml,
                                    std::string_view source_name,
                                    const Normalizer& normalizer,
                                    bool check_regex_syntax = true);

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_PACK_PARSER_H_
