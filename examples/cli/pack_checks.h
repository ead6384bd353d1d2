// Checks of a loaded pack that go beyond what loading validates.
#ifndef TRIAGE_EXAMPLES_CLI_PACK_CHECKS_H_
#define TRIAGE_EXAMPLES_CLI_PACK_CHECKS_H_

#include <string>
#include <vector>

#include "triage/classifier.h"

namespace triage_cli {

// Every example must rank its category first; no near-miss may report its
// category. Returns one "file:line:column: message" per failure.
std::vector<std::string> CheckExamples(const triage::Classifier& classifier);

// Rule problems: patterns that match the empty string, the same pattern in
// two categories, and rules that can never fire alone (their weight is below
// the category's threshold and no other rule of the category can make up
// the difference, or every example they fire on is already explained by
// another rule of theirs). One line per problem.
std::vector<std::string> CheckRules(const triage::Classifier& classifier);

}  // namespace triage_cli

#endif  // TRIAGE_EXAMPLES_CLI_PACK_CHECKS_H_
