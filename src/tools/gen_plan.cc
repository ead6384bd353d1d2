// Build-time generator: checks the default pack completely (RE2 syntax of
// every pattern included, which RulePack::Default() then skips), plans its
// pattern table (as Classifier::Create would with default options) and
// writes the plan's bytes, which the build embeds with cmake/EmbedFile.cmake
// (see src/default_plan.cc).
// Create then loads the plan instead of computing it: planning the default
// pack (spelling every entry's literals) is most of Create's time. A pack
// that does not load fails the build.
//
// Usage: gen_plan OUTPUT.bin
#include <cstdio>
#include <string>

#include "src/default_plan.h"
#include "src/matcher.h"
#include "triage/rule_pack.h"

int main(int argc, char** argv) {
  using namespace triage;
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_plan OUTPUT.bin\n");
    return 2;
  }
  // Parsed with every check, RE2 syntax included: RulePack::Default()
  // skips that one, relying on this build step.
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Parse(
      RulePack::DefaultSource(), "packs/wallet.toml (embedded)");
  if (!pack.ok()) {
    std::fprintf(stderr, "gen_plan: %s\n", pack.status().ToString().c_str());
    return 1;
  }
  internal::TablePatterns in = internal::TablePatternsOf(**pack);
  auto table = internal::PatternTable::Create(
      in.patterns, in.owner, internal::TableBudget(ClassifierOptions()));
  if (!table.ok()) {
    std::fprintf(stderr, "gen_plan: %s\n", table.status().ToString().c_str());
    return 1;
  }
  const std::string plan = (*table)->SerializePlan();
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  if (std::fwrite(plan.data(), 1, plan.size(), out) != plan.size() ||
      std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  return 0;
}
