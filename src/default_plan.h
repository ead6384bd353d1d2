// The default pack's pattern table plan, made when the library is built, and
// the pattern list it is for.
#ifndef TRIAGE_SRC_DEFAULT_PLAN_H_
#define TRIAGE_SRC_DEFAULT_PLAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "triage/classifier.h"
#include "triage/rule_pack.h"

namespace triage {
namespace internal {

// What a classifier puts in its pattern table for a pack.
struct TablePatterns {
  // Every rule's patterns, rules in pack order, then every rule's
  // exclusions.
  std::vector<std::string> patterns;
  std::vector<std::string> owner;  // Rule id of each pattern.
  std::vector<int> rule_of;        // Rule index of each pattern; -1: exclusion
  std::vector<std::vector<int>> excludes;  // Rule -> its exclusion patterns.
};
TablePatterns TablePatternsOf(const RulePack& pack);

// The memory the pattern table gets of ClassifierOptions::max_memory_bytes.
int64_t TableBudget(const ClassifierOptions& options);

// PatternTable::SerializePlan() of the table for RulePack::Default() with
// the default ClassifierOptions, written at build time by
// src/tools/gen_plan.cc. Empty in that tool itself.
std::string_view DefaultPlan();

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_DEFAULT_PLAN_H_
