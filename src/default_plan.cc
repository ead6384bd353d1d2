// DefaultPlan() for builds that embed the default pack's plan: the bytes
// src/tools/gen_plan.cc wrote, embedded by cmake/EmbedFile.cmake.
#include <cstddef>

#include "src/default_plan.h"

namespace triage {
namespace internal {

extern const char kDefaultPlan[];
extern const size_t kDefaultPlanSize;

std::string_view DefaultPlan() {
  return std::string_view(kDefaultPlan, kDefaultPlanSize);
}

}  // namespace internal
}  // namespace triage
