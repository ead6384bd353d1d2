// The smallest use of triage: classify each argument with the embedded
// default pack and print the top category and the first step.
#include <iostream>
#include <memory>
#include <utility>

#include "triage/classifier.h"
#include "triage/rule_pack.h"

int main(int argc, char** argv) {
  auto pack = triage::RulePack::Default();
  if (!pack.ok()) {
    std::cerr << pack.status() << "\n";
    return 1;
  }
  auto classifier = triage::Classifier::Create(std::move(*pack));
  if (!classifier.ok()) {
    std::cerr << classifier.status() << "\n";
    return 1;
  }
  for (int i = 1; i < argc; ++i) {
    absl::StatusOr<triage::Classification> r = (*classifier)->Classify(argv[i]);
    if (!r.ok()) {
      std::cerr << r.status() << "\n";
      return 1;
    }
    const char* top =
        r->categories.empty() ? "none" : r->categories[0].id.c_str();
    std::cout << top << " (" << triage::UrgencyName(r->urgency)
              << "): " << (r->steps.empty() ? "" : r->steps[0].text) << "\n";
  }
  return 0;
}
