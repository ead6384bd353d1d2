// Accuracy metrics of `triage eval`, defined as in shared/eval/score.py.
#ifndef TRIAGE_EXAMPLES_CLI_EVAL_METRICS_H_
#define TRIAGE_EXAMPLES_CLI_EVAL_METRICS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace triage_cli {

// One labeled row of a gold TSV (id, lang, labels, text).
struct GoldRow {
  std::string id;
  std::string lang;
  std::vector<std::string> labels;  // {"none"} for out-of-scope rows
  std::string text;
};

// Reads a gold TSV with the header "id<TAB>lang<TAB>labels<TAB>text".
absl::StatusOr<std::vector<GoldRow>> ReadGold(const std::string& path);

// What the classifier said about one row.
struct Prediction {
  std::vector<std::string> categories;  // ranked ids
  bool high = false;                    // urgency came back high
};

struct CategoryCounts {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const;
  double Recall() const;
  double F1() const;  // 0 when precision or recall is 0 or undefined
};

// Summary metrics over a set of rows.
struct Metrics {
  int rows = 0;
  int in_scope = 0;
  double acc1 = 0, answered = 0, precision1 = 0, none_fpr = 0;
  double urgent_recall = 0, urgent_fpr = 0, macro_f1 = 0;
  std::map<std::string, CategoryCounts> per_category;
  // (gold first label, predicted top or "none") -> count, for wrong rows.
  std::map<std::pair<std::string, std::string>, int> confusion;
};

// Scores `preds` against `rows` (same order). `high_ids` are the
// categories whose gold presence makes a row urgent. When `lang` is not
// empty only rows of that language count.
Metrics Score(const std::vector<GoldRow>& rows,
              const std::vector<Prediction>& preds,
              const std::set<std::string>& high_ids, const std::string& lang);

// "rows=.. in_scope=.. acc1=0.912 ..." as score.py prints it.
std::string SummaryLine(const Metrics& m);

}  // namespace triage_cli

#endif  // TRIAGE_EXAMPLES_CLI_EVAL_METRICS_H_
