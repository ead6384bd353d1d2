// `triage eval`: accuracy of a pack on a labeled TSV, the same figures as
// shared/eval/score.py, plus the tables that show what to fix.
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "examples/cli/cli_common.h"
#include "examples/cli/commands.h"
#include "examples/cli/eval_metrics.h"

namespace triage_cli {
namespace {

struct EvalOptions {
  std::string gold;
  std::string pack;
  std::string backend = "re2";
  std::string cache_dir;
  int errors = 0;
  int confusion = 10;
  bool rules = false;
  bool per_category = true;
  std::vector<std::string> min;  // METRIC=VALUE floors
  std::vector<std::string> max;  // METRIC=VALUE ceilings
};

// How often each rule fired, and how often its category was a gold label.
struct RuleStats {
  int fired = 0;
  int right = 0;
};

std::string FiredRules(const triage::Classification& r) {
  std::vector<std::string> ids;
  for (const triage::CategoryMatch& c : r.categories) {
    for (const triage::RuleMatch& m : c.matches) ids.push_back(m.rule_id);
  }
  return absl::StrJoin(ids, ",");
}

void PrintPerCategory(const Metrics& m) {
  std::cout << absl::StrFormat("  %-26s %5s %5s %5s %6s %6s %6s\n", "category",
                               "tp", "fp", "fn", "prec", "recall", "f1");
  for (const auto& [id, c] : m.per_category) {
    std::cout << absl::StrFormat("  %-26s %5d %5d %5d %6.3f %6.3f %6.3f\n", id,
                                 c.tp, c.fp, c.fn, c.Precision(), c.Recall(),
                                 c.F1());
  }
}

void PrintConfusion(const Metrics& m, int n) {
  std::vector<std::pair<int, std::pair<std::string, std::string>>> pairs;
  for (const auto& [k, count] : m.confusion) pairs.push_back({count, k});
  std::stable_sort(
      pairs.begin(), pairs.end(),
      [](const auto& a, const auto& b) { return a.first > b.first; });
  std::cout << "most frequent errors (gold -> predicted):\n";
  for (int i = 0; i < n && i < static_cast<int>(pairs.size()); ++i) {
    std::cout << absl::StrFormat("  %4d  %s -> %s\n", pairs[i].first,
                                 pairs[i].second.first, pairs[i].second.second);
  }
}

double MetricValue(const Metrics& m, const std::string& name, bool* ok) {
  *ok = true;
  if (name == "acc1") return m.acc1;
  if (name == "answered") return m.answered;
  if (name == "precision1") return m.precision1;
  if (name == "none_fpr") return m.none_fpr;
  if (name == "urgent_recall") return m.urgent_recall;
  if (name == "urgent_fpr") return m.urgent_fpr;
  if (name == "macro_f1") return m.macro_f1;
  *ok = false;
  return 0;
}

// Checks METRIC=VALUE bounds; returns the number violated (or -1 on a
// malformed bound).
int CheckBounds(const Metrics& m, const std::vector<std::string>& bounds,
                bool is_min) {
  int failed = 0;
  for (const std::string& b : bounds) {
    std::vector<std::string> kv = absl::StrSplit(b, '=');
    double limit = 0;
    bool ok = kv.size() == 2 && absl::SimpleAtod(kv[1], &limit);
    const double v = ok ? MetricValue(m, kv[0], &ok) : 0;
    if (!ok) {
      std::cerr << "triage eval: bad bound '" << b << "' (METRIC=VALUE)\n";
      return -1;
    }
    if (is_min ? !(v >= limit) : !(v <= limit)) {
      std::cerr << absl::StrFormat("triage eval: %s=%.3f is %s the bound %s\n",
                                   kv[0], v, is_min ? "below" : "above", b);
      ++failed;
    }
  }
  return failed;
}

int RunEval(const EvalOptions& opts) {
  absl::StatusOr<std::vector<GoldRow>> rows = ReadGold(opts.gold);
  if (!rows.ok()) return Fail(rows.status());
  absl::StatusOr<std::unique_ptr<triage::Classifier>> classifier =
      LoadClassifier(opts.pack, opts.backend, opts.cache_dir);
  if (!classifier.ok()) return Fail(classifier.status());
  std::set<std::string> high_ids;
  for (const triage::Category& c : (*classifier)->pack().categories()) {
    if (c.urgency == triage::Urgency::kHigh) high_ids.insert(c.id);
  }
  std::vector<Prediction> preds;
  std::map<std::string, RuleStats> rule_stats;
  int shown = 0;
  triage::ClassifyRequest request;
  request.evaluate_all_rules = opts.rules;  // Full per-rule statistics.
  triage::Classification result;            // reused row after row
  for (const GoldRow& row : *rows) {
    absl::Status status =
        (*classifier)->ClassifyInto(row.text, request, &result);
    if (!status.ok()) return Fail(status);
    Prediction p;
    for (const triage::CategoryMatch& c : result.categories)
      p.categories.push_back(c.id);
    p.high = result.urgency == triage::Urgency::kHigh;
    for (const auto* list : {&result.categories, &result.below_threshold}) {
      for (const triage::CategoryMatch& c : *list) {
        const bool right =
            std::count(row.labels.begin(), row.labels.end(), c.id);
        for (const triage::RuleMatch& m : c.matches) {
          ++rule_stats[m.rule_id].fired;
          rule_stats[m.rule_id].right += right;
        }
      }
    }
    const std::string top = p.categories.empty() ? "none" : p.categories[0];
    if (shown < opts.errors &&
        !std::count(row.labels.begin(), row.labels.end(), top)) {
      std::cout << "  WRONG " << row.id
                << " gold=" << absl::StrJoin(row.labels, "|") << " got=" << top
                << " rules=[" << FiredRules(result) << "]: " << row.text
                << "\n";
      ++shown;
    }
    preds.push_back(std::move(p));
  }
  std::set<std::string> langs;
  for (const GoldRow& row : *rows) langs.insert(row.lang);
  for (const std::string& lang : langs) {
    std::cout << "[" << lang << "] "
              << SummaryLine(Score(*rows, preds, high_ids, lang)) << "\n";
  }
  const Metrics all = Score(*rows, preds, high_ids, "");
  if (opts.per_category) PrintPerCategory(all);
  if (opts.confusion > 0) PrintConfusion(all, opts.confusion);
  if (opts.rules) {
    std::cout << "rules (fired, right, share right):\n";
    for (const triage::Category& c : (*classifier)->pack().categories()) {
      for (const triage::Rule& rule : c.rules) {
        const RuleStats& s = rule_stats[rule.id];
        std::cout << absl::StrFormat("  %-48s %5d %5d %6.2f%s\n", rule.id,
                                     s.fired, s.right,
                                     s.fired ? double(s.right) / s.fired : 0.0,
                                     s.fired == 0 ? "  DEAD" : "");
      }
    }
  }
  std::cout << SummaryLine(all) << "\n";
  const int below = CheckBounds(all, opts.min, true);
  const int above = CheckBounds(all, opts.max, false);
  return (below != 0 || above != 0) ? 1 : 0;
}

}  // namespace

void RegisterEval(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Score a pack on a labeled TSV (id, lang, labels, text)");
  cmd->add_option("gold", opts->gold, "Labeled TSV file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--backend", opts->backend, "Matching engine")
      ->check(CLI::IsMember({"re2", "hyperscan"}));
  cmd->add_option("--cache-dir", opts->cache_dir,
                  "Keep the pack's plan (and Hyperscan database) here between "
                  "runs");
  cmd->add_option("--pack", opts->pack,
                  "Rule pack file (default: the embedded wallet pack)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--errors", opts->errors, "Print up to N wrong rows");
  cmd->add_option("--confusion", opts->confusion,
                  "Print the N most frequent (gold, predicted) errors");
  cmd->add_flag("--rules", opts->rules, "Print per-rule fired/right counts");
  cmd->add_option("--min", opts->min,
                  "Fail (exit 1) when METRIC is below VALUE, e.g. acc1=0.9");
  cmd->add_option(
      "--max", opts->max,
      "Fail (exit 1) when METRIC is above VALUE, e.g. none_fpr=0.1");
  cmd->callback([opts, exit_code] { *exit_code = RunEval(*opts); });
}

}  // namespace triage_cli
