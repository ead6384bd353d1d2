// DefaultPlan() for builds without a precomputed plan (cross-compiling, or
// TRIAGE_PRECOMPUTE_DEFAULT_PLAN=OFF) and for the tool that computes it:
// Create then plans the default pack like any other.
#include "src/default_plan.h"

namespace triage {
namespace internal {

std::string_view DefaultPlan() { return {}; }

}  // namespace internal
}  // namespace triage
