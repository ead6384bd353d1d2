#include "examples/cli/eval_metrics.h"

#include <cmath>
#include <fstream>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace triage_cli {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

double Div(double a, double b) { return b == 0 ? kNan : a / b; }

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  for (const std::string& s : v) {
    if (s == x) return true;
  }
  return false;
}

// Python's "{:.3f}" prints NaN as "nan".
std::string F3(double v) {
  return std::isnan(v) ? "nan" : absl::StrFormat("%.3f", v);
}

}  // namespace

double CategoryCounts::Precision() const { return Div(tp, tp + fp); }
double CategoryCounts::Recall() const { return Div(tp, tp + fn); }
double CategoryCounts::F1() const {
  const double p = Precision(), r = Recall();
  if (std::isnan(p) || std::isnan(r) || p == 0 || r == 0) return 0;
  return 2 * p * r / (p + r);
}

absl::StatusOr<std::vector<GoldRow>> ReadGold(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string line;
  std::getline(in, line);
  if (line.rfind("id\tlang\tlabels\ttext", 0) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: header must be id, lang, labels, text"));
  }
  std::vector<GoldRow> rows;
  for (int n = 2; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 4) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", n, ": expected 4 fields, got ", f.size()));
    }
    rows.push_back({f[0], f[1], absl::StrSplit(f[2], '|'), f[3]});
  }
  return rows;
}

Metrics Score(const std::vector<GoldRow>& rows,
              const std::vector<Prediction>& preds,
              const std::set<std::string>& high_ids, const std::string& lang) {
  Metrics m;
  int answered = 0, correct = 0, none = 0, none_answered = 0;
  int urgent = 0, urgent_hit = 0, calm = 0, calm_alarm = 0;
  for (size_t i = 0; i < rows.size() && i < preds.size(); ++i) {
    const GoldRow& g = rows[i];
    if (!lang.empty() && g.lang != lang) continue;
    ++m.rows;
    const std::string top =
        preds[i].categories.empty() ? "" : preds[i].categories[0];
    const bool is_none = g.labels.size() == 1 && g.labels[0] == "none";
    if (is_none) {
      ++none;
      if (!top.empty()) {
        ++none_answered;
        ++m.per_category[top].fp;
        ++m.confusion[{"none", top}];
      }
    } else {
      ++m.in_scope;
      answered += !top.empty();
      if (Contains(g.labels, top)) {
        ++correct;
        ++m.per_category[top].tp;
      } else {
        ++m.per_category[g.labels[0]].fn;
        if (!top.empty()) ++m.per_category[top].fp;
        ++m.confusion[{g.labels[0], top.empty() ? "none" : top}];
      }
    }
    bool is_urgent = false;
    for (const std::string& l : g.labels)
      is_urgent = is_urgent || high_ids.count(l);
    if (is_urgent) {
      ++urgent;
      urgent_hit += preds[i].high;
    } else {
      ++calm;
      calm_alarm += preds[i].high;
    }
  }
  m.acc1 = Div(correct, m.in_scope);
  m.answered = Div(answered, m.in_scope);
  m.precision1 = Div(correct, answered);
  m.none_fpr = Div(none_answered, none);
  m.urgent_recall = Div(urgent_hit, urgent);
  m.urgent_fpr = Div(calm_alarm, calm);
  double f1_sum = 0;
  for (const auto& [id, c] : m.per_category) f1_sum += c.F1();
  m.macro_f1 = Div(f1_sum, m.per_category.size());
  return m;
}

std::string SummaryLine(const Metrics& m) {
  return absl::StrCat(
      "rows=", m.rows, " in_scope=", m.in_scope, " acc1=", F3(m.acc1),
      " answered=", F3(m.answered), " precision1=", F3(m.precision1),
      " none_fpr=", F3(m.none_fpr), " urgent_recall=", F3(m.urgent_recall),
      " urgent_fpr=", F3(m.urgent_fpr), " macro_f1=", F3(m.macro_f1));
}

}  // namespace triage_cli
