#include "examples/cli/pack_checks.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace triage_cli {
namespace {

std::string At(const triage::RulePack& pack, triage::SourceLocation loc) {
  return absl::StrCat(pack.source_name(), ":", loc.line, ":", loc.column, ": ");
}

// Ids of every rule that fired on `text`, reported or not.
std::set<std::string> FiredRules(const triage::Classification& r) {
  std::set<std::string> ids;
  for (const auto* list : {&r.categories, &r.below_threshold}) {
    for (const triage::CategoryMatch& c : *list) {
      for (const triage::RuleMatch& m : c.matches) ids.insert(m.rule_id);
    }
  }
  return ids;
}

bool Reports(const triage::Classification& r, const std::string& id) {
  for (const triage::CategoryMatch& c : r.categories) {
    if (c.id == id) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> CheckExamples(const triage::Classifier& classifier) {
  std::vector<std::string> out;
  const triage::RulePack& pack = classifier.pack();
  for (const triage::Category& c : pack.categories()) {
    for (const std::string& ex : c.examples) {
      absl::StatusOr<triage::Classification> r = classifier.Classify(ex);
      if (!r.ok()) continue;
      const std::string got =
          r->categories.empty() ? "none" : r->categories[0].id;
      if (got != c.id) {
        out.push_back(absl::StrCat(At(pack, c.location), "category '", c.id,
                                   "': example \"", ex, "\" ranks ", got,
                                   " first"));
      }
    }
    for (const std::string& nm : c.near_misses) {
      absl::StatusOr<triage::Classification> r = classifier.Classify(nm);
      if (r.ok() && Reports(*r, c.id)) {
        out.push_back(absl::StrCat(At(pack, c.location), "category '", c.id,
                                   "': near-miss \"", nm, "\" reports it"));
      }
    }
  }
  return out;
}

std::vector<std::string> CheckRules(const triage::Classifier& classifier) {
  std::vector<std::string> out;
  const triage::RulePack& pack = classifier.pack();
  // Which rules the pack's own examples and near-misses exercise.
  std::set<std::string> exercised;
  triage::ClassifyRequest all_rules;
  all_rules.evaluate_all_rules = true;
  for (const triage::Category& c : pack.categories()) {
    for (const auto* list : {&c.examples, &c.near_misses}) {
      for (const std::string& text : *list) {
        absl::StatusOr<triage::Classification> r =
            classifier.Classify(text, all_rules);
        if (r.ok()) exercised.merge(FiredRules(*r));
      }
    }
  }
  std::map<std::string, std::string> pattern_owner;  // pattern -> category
  for (const triage::Category& c : pack.categories()) {
    double positive = 0;
    for (const triage::Rule& rule : c.rules)
      positive += std::max(rule.weight, 0.0);
    for (const triage::Rule& rule : c.rules) {
      const std::string at =
          absl::StrCat(At(pack, rule.location), "rule '", rule.id, "': ");
      if (rule.weight > 0 && positive < c.min_score) {
        out.push_back(absl::StrCat(at,
                                   "can never fire alone: the category's "
                                   "positive weights sum to less than ",
                                   c.min_score));
      }
      if (exercised.count(rule.id) == 0) {
        out.push_back(absl::StrCat(at,
                                   "no example or near-miss of the pack "
                                   "fires it (dead or shadowed)"));
      }
      for (const std::string& p : rule.expanded_patterns) {
        RE2 re(p, RE2::Quiet);
        if (re.ok() && RE2::FullMatch("", re)) {
          out.push_back(
              absl::StrCat(at, "pattern matches the empty string: ", p));
        }
        auto [it, fresh] = pattern_owner.emplace(p, c.id);
        if (!fresh && it->second != c.id) {
          out.push_back(absl::StrCat(at, "pattern also used by category '",
                                     it->second, "': ", p));
        }
      }
    }
  }
  return out;
}

}  // namespace triage_cli
