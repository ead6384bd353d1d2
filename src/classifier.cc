#include "triage/classifier.h"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>  // malloc_trim
#endif

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/default_plan.h"
#include "src/file_cache.h"
#include "src/matcher.h"
#include "src/pattern.h"
#include "src/str_cat.h"

namespace triage {
using internal::Cat;
namespace {

using internal::CandidateFinder;
using internal::PatternTable;

// A rule's place in the pack, flattened.
struct RuleRef {
  int category = 0;
  const Rule* rule = nullptr;
  std::vector<int> excludes;  // Table patterns of the rule's exclusions.
  // Copied here, read for every candidate pattern: the rule's weight, and
  // whether it can only lower its category's score below a positive
  // threshold (see Classifier::Rep::Score).
  double weight = 0;
  bool penalty = false;
  // The rule's patterns: table patterns [first_pattern, end_pattern).
  int first_pattern = 0;
  int end_pattern = 0;
};

// Step texts of one language with the pack's brand values filled in,
// [category][step]; the fallback steps come last.
using RenderedSteps = std::vector<std::vector<std::string>>;

const std::string* BrandValue(const std::map<std::string, LocalizedText>& brand,
                              std::string_view key, const std::string& lang) {
  auto it = brand.find(std::string(key));
  if (it == brand.end()) return nullptr;
  auto text = it->second.find(lang);
  if (text == it->second.end()) text = it->second.find("");
  return text == it->second.end() ? nullptr : &text->second;
}

std::string Render(const Step& step, const RulePack& pack,
                   const std::string& lang,
                   const std::map<std::string, std::string>* overrides) {
  auto it = step.text.find(lang);
  if (it == step.text.end()) return "";
  return internal::FillPlaceholders(
      it->second, [&](std::string_view key) -> const std::string* {
        if (overrides != nullptr) {
          auto o = overrides->find(std::string(key));
          if (o != overrides->end()) return &o->second;
        }
        return BrandValue(pack.brand(), key, lang);
      });
}

// Element `i` (at most list->size()) of a result list being written: the
// existing one, whose fields the caller assigns so that a reused result
// keeps its memory, or a new one appended.
template <typename T>
T& Slot(std::vector<T>* list, size_t i) {
  return i < list->size() ? (*list)[i] : list->emplace_back();
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 character.
std::string_view Truncate(std::string_view text, size_t max, bool* cut) {
  *cut = text.size() > max;
  if (!*cut) return text;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

// A line of more bytes than this is matched in pieces (see ForEachPiece),
// so that the cost of a line stays proportional to its length: in one
// long line most of the pack's patterns become candidates, and each is
// searched along all of it (a 4 KB transcript with its line breaks lost
// took 8x the instructions it takes on lines).
constexpr size_t kMaxPieceBytes = 512;

// The length of the sentence mark at byte i of a normalised line (。 ! ?
// ; and . before a space or the end; the normaliser has made full-width
// marks ASCII), or 0.
size_t SentenceMarkAt(std::string_view line, size_t i) {
  static constexpr std::string_view kFullStop = "\xe3\x80\x82";  // 。
  const char c = line[i];
  if (c == '!' || c == '?' || c == ';') return 1;
  if (c == '.') return i + 1 == line.size() || line[i + 1] == ' ' ? 1 : 0;
  return line.compare(i, kFullStop.size(), kFullStop) == 0 ? kFullStop.size()
                                                           : 0;
}

// Calls fn(begin, end) for the pieces of a normalised line longer than
// kMaxPieceBytes, in order: its sentences (each ends after a run of
// sentence marks; a space after one starts no piece), and a sentence
// longer than kMaxPieceBytes cut after the last clause mark (, : 、 or a
// space) within that many bytes, or else at a character boundary.
template <typename Fn>
void ForEachPiece(std::string_view line, Fn fn) {
  static constexpr std::string_view kEnumerationComma = "\xe3\x80\x81";  // 、
  auto clause_ends_at = [&](size_t end) {
    const char c = line[end - 1];
    const size_t n = kEnumerationComma.size();
    return c == ',' || c == ':' || c == ' ' ||
           (end >= n && line.compare(end - n, n, kEnumerationComma) == 0);
  };
  size_t begin = 0;
  while (begin < line.size()) {
    if (line[begin] == ' ') {
      ++begin;
      continue;
    }
    const size_t limit = std::min(line.size(), begin + kMaxPieceBytes);
    size_t end = begin;
    size_t n = 0;
    while (end < limit && (n = SentenceMarkAt(line, end)) == 0) ++end;
    if (n > 0) {  // the sentence ends after its run of marks (?!, 。。, ...)
      end += n;
      while (end < line.size() &&
             ((n = SentenceMarkAt(line, end)) > 0 || line[end] == '.')) {
        end += n > 0 ? n : 1;
      }
    } else if (end < line.size()) {  // too long: cut after a clause mark
      while (end > begin && !clause_ends_at(end)) --end;
      if (end == begin) {  // none: at a character boundary
        end = limit;
        while ((static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
      }
    }
    fn(begin, end);
    begin = end;
  }
}

// All non-overlapping leftmost matches of table pattern `p`.
std::vector<Span> AllMatches(internal::TableSearch& search, int p) {
  std::vector<Span> spans;
  Span s;
  size_t pos = 0;
  while (search.FindFrom(p, pos, &s)) {
    spans.push_back(s);
    pos = s.begin + std::max<size_t>(s.end - s.begin, 1);
  }
  return spans;
}

}  // namespace

namespace internal {

TablePatterns TablePatternsOf(const RulePack& pack) {
  TablePatterns out;
  std::vector<const Rule*> rules;
  for (const Category& category : pack.categories()) {
    for (const Rule& rule : category.rules) {
      for (const std::string& p : rule.expanded_patterns) {
        out.patterns.push_back(p);
        out.owner.push_back(rule.id);
        out.rule_of.push_back(static_cast<int>(rules.size()));
      }
      rules.push_back(&rule);
    }
  }
  out.excludes.resize(rules.size());
  for (size_t r = 0; r < rules.size(); ++r) {
    for (const std::string& ex : rules[r]->expanded_excludes) {
      out.excludes[r].push_back(static_cast<int>(out.patterns.size()));
      out.patterns.push_back(ex);
      out.owner.push_back(rules[r]->id);
      out.rule_of.push_back(-1);
    }
  }
  return out;
}

// The literal stage needs no RE2 memory: the patterns share the budget.
int64_t TableBudget(const ClassifierOptions& options) {
  return static_cast<int64_t>(options.max_memory_bytes);
}

}  // namespace internal

namespace {

// How a rule is explained so far: the first of its patterns that fired,
// and where.
struct RuleHit {
  static constexpr int kNone = std::numeric_limits<int>::max();
  int pattern = kNone;
  Span span;
};

// One Classify call's working memory. The classifier keeps the ones calls
// have finished with, so the next calls reuse their capacity.
struct Working {
  NormalizedText norm;
  internal::Candidates found;
  internal::TableSearch::Scratch search;
  std::vector<RuleHit> hits;   // by rule; all kNone between calls
  std::vector<int> hit_rules;  // the rules with a hit
  // By pattern: non-zero when it can no longer change the result (its rule
  // is explained by it or an earlier pattern), so later lines skip it; all
  // zero between calls.
  std::vector<uint8_t> done;
  bool several_lines = false;  // whether `done` is kept (Score's text)
  std::vector<bool> positive;  // by category: a positive rule fired
  std::vector<int> deferred;   // ScoreLine's penalty patterns
  // Score's: the rules counted, then by category their number and score;
  // the categories reported, in rank order (read by AddSteps too), and
  // where each category's result goes.
  std::vector<int> fired;
  std::vector<int> cat_rules;
  std::vector<double> cat_score;
  std::vector<int> order;
  std::vector<int> place;
  std::vector<std::string_view> checklist_seen;  // AddSteps'
};

// Idle working memory, in stripes picked by thread so that threads
// classifying at the same time rarely share a lock or a cache line. At most
// kMaxIdlePerStripe are kept in each (more is memory nobody uses).
constexpr size_t kIdleStripes = 8;
constexpr size_t kMaxIdlePerStripe = 8;
// Idle working memory drops a normalised text of more bytes than this.
constexpr size_t kMaxKeptTextBytes = size_t{64} << 10;
struct alignas(64) IdleStripe {
  std::mutex mu;
  std::vector<std::unique_ptr<Working>> idle;  // guarded by mu
};

}  // namespace

struct Classifier::Rep {
  std::shared_ptr<const RulePack> pack;
  ClassifierOptions options;
  std::unique_ptr<Normalizer> normalizer;
  std::unique_ptr<PatternTable> table;
  std::unique_ptr<CandidateFinder> finder;
  // Table pattern -> index into rules; -1 for exclusions.
  std::vector<int> pattern_rule;
  std::vector<RuleRef> rules;
  std::map<std::string, RenderedSteps> steps;  // by language
  // Working memory not in use.
  mutable std::array<IdleStripe, kIdleStripes> idle;

  IdleStripe& MyStripe() const {
    return idle[std::hash<std::thread::id>()(std::this_thread::get_id()) %
                kIdleStripes];
  }
  std::unique_ptr<Working> TakeWorking() const {
    IdleStripe& stripe = MyStripe();
    {
      std::lock_guard<std::mutex> lock(stripe.mu);
      if (!stripe.idle.empty()) {
        std::unique_ptr<Working> w = std::move(stripe.idle.back());
        stripe.idle.pop_back();
        return w;
      }
    }
    return std::make_unique<Working>();
  }
  void GiveBack(std::unique_ptr<Working> w) const {
    IdleStripe& stripe = MyStripe();
    std::lock_guard<std::mutex> lock(stripe.mu);
    if (stripe.idle.size() < kMaxIdlePerStripe) {
      stripe.idle.push_back(std::move(w));
    }
  }

  // Returns the first match of rule `r` that no exclusion overlaps, trying
  // its patterns from `pattern` on (all candidates).
  bool FireRule(const RuleRef& r, int pattern, internal::TableSearch& search,
                Span* span) const;
  // Whether rule `ri` can only lower its category's score below a
  // positive threshold (see Score).
  bool IsPenalty(int ri) const;
  // Runs the candidate patterns of one line of the normalised text (which
  // starts at byte `offset`) and records the rules that fire in
  // work->hits and work->positive. With `lazy_penalties`, penalty rules run
  // only for categories where a positive rule has fired.
  void ScoreLine(std::string_view line, size_t offset, bool lazy_penalties,
                 Working* work) const;
  // Classifies a normalised text line by line: a match never spans lines.
  void Score(const NormalizedText& norm, bool evaluate_all, Working* work,
             Classification* out) const;
  void AddSteps(const std::string& lang, const ClassifyRequest& request,
                Working* work, Classification* out) const;
  // Compiles the pack's patterns and renders the default step texts.
  absl::Status Build();
};

absl::Status Classifier::Rep::Build() {
  internal::TablePatterns in = internal::TablePatternsOf(*pack);
  const std::vector<Category>& cats = pack->categories();
  for (size_t c = 0; c < cats.size(); ++c) {
    for (const Rule& rule : cats[c].rules) {
      RuleRef ref;
      ref.category = static_cast<int>(c);
      ref.rule = &rule;
      ref.excludes = std::move(in.excludes[rules.size()]);
      ref.weight = rule.weight;
      ref.penalty = rule.weight <= 0 && cats[c].min_score > 0;
      rules.push_back(std::move(ref));
    }
  }
  pattern_rule = std::move(in.rule_of);
  for (size_t p = 0; p < pattern_rule.size(); ++p) {
    const int ri = pattern_rule[p];
    if (ri < 0) continue;
    if (rules[ri].end_pattern == 0)
      rules[ri].first_pattern = static_cast<int>(p);
    rules[ri].end_pattern = static_cast<int>(p) + 1;
  }
  // The plan: from the cache when it has one for these patterns, else the
  // embedded one (the default pack's); PatternTable::Create checks that it
  // fits and plans afresh when it does not.
  const int64_t budget = internal::TableBudget(options);
  std::string plan_file;
  std::optional<std::string> cached_plan;
  if (!options.cache_dir.empty()) {
    plan_file = internal::CacheFilePath(
        options.cache_dir, "triage-plan",
        PatternTable::PlanKey(in.patterns, budget), ".bin");
    cached_plan = internal::ReadCacheFile(plan_file);
  }
  absl::StatusOr<std::unique_ptr<PatternTable>> t = PatternTable::Create(
      in.patterns, in.owner, budget,
      cached_plan ? std::string_view(*cached_plan) : internal::DefaultPlan());
  if (!t.ok()) return t.status();
  table = *std::move(t);
  if (!plan_file.empty() && !table->loaded_plan()) {
    internal::WriteCacheFile(plan_file, table->SerializePlan());
  }
  const std::string& hs_cache = options.cache_dir.empty()
                                    ? options.hyperscan_cache_dir
                                    : options.cache_dir;
  if (options.backend == Backend::kHyperscan) {
    absl::StatusOr<std::unique_ptr<CandidateFinder>> f =
        internal::NewHyperscanFinder(*table, hs_cache);
    if (!f.ok()) return f.status();
    finder = *std::move(f);
  } else {
    finder = internal::NewIndexFinder(*table);
  }
  for (const std::string& lang : pack->languages()) {
    RenderedSteps& r = steps[lang];
    for (const Category& c : cats) {
      r.emplace_back();
      for (const Step& s : c.steps)
        r.back().push_back(Render(s, *pack, lang, nullptr));
    }
    r.emplace_back();
    for (const Step& s : pack->fallback_steps()) {
      r.back().push_back(Render(s, *pack, lang, nullptr));
    }
  }
  return absl::OkStatus();
}

bool Classifier::Rep::FireRule(const RuleRef& r, int pattern,
                               internal::TableSearch& search,
                               Span* span) const {
  if (r.excludes.empty()) return search.FindFrom(pattern, 0, span);
  // Exclusions only matter where the pattern matches.
  if (!search.FindFrom(pattern, 0, span)) return false;
  std::vector<Span> vetoes;
  for (int ex : r.excludes) {
    for (const Span& s : AllMatches(search, ex)) vetoes.push_back(s);
  }
  if (vetoes.empty()) return true;
  // The pattern's matches, leftmost first, do not overlap, so their starts
  // and ends both ascend: one sweep over the vetoes by start tells for each
  // match whether a veto starting before its end ends after its start
  // (linear, where testing each match against every veto was quadratic in
  // a long line full of both).
  std::sort(vetoes.begin(), vetoes.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  size_t next = 0;
  size_t reach = 0;  // The latest end of the vetoes before `next`.
  size_t pos = 0;
  Span s = *span;
  do {
    for (; next < vetoes.size() && vetoes[next].begin < s.end; ++next) {
      reach = std::max(reach, vetoes[next].end);
    }
    if (reach <= s.begin) {
      *span = s;
      return true;
    }
    pos = s.begin + std::max<size_t>(s.end - s.begin, 1);
  } while (search.FindFrom(pattern, pos, &s));
  return false;
}

bool Classifier::Rep::IsPenalty(int ri) const { return rules[ri].penalty; }

void Classifier::Rep::ScoreLine(std::string_view line, size_t offset,
                                bool lazy_penalties, Working* work) const {
  finder->Find(line, &work->found);
  internal::TableSearch search(
      *table, line, &work->found, &work->search,
      work->several_lines ? work->done.data() : nullptr);
  std::vector<RuleHit>& hits = work->hits;
  std::vector<int>& deferred = work->deferred;
  deferred.clear();
  auto fire = [&](int p) {
    const int ri = pattern_rule[p];
    Span span;
    if (!FireRule(rules[ri], p, search, &span)) return;
    if (hits[ri].pattern == RuleHit::kNone) work->hit_rules.push_back(ri);
    hits[ri] = {p, {span.begin + offset, span.end + offset}};
    if (work->several_lines) {
      std::fill(work->done.begin() + p,
                work->done.begin() + rules[ri].end_pattern, 1);
    }
    if (rules[ri].weight > 0) work->positive[rules[ri].category] = true;
  };
  for (int p : search.patterns()) {
    const int ri = pattern_rule[p];
    // A rule is explained by its first pattern that fires; a pattern by
    // its first line.
    if (ri < 0 || hits[ri].pattern <= p) continue;
    if (lazy_penalties && IsPenalty(ri)) {
      deferred.push_back(p);
      continue;
    }
    fire(p);
  }
  for (int p : deferred) {
    const int ri = pattern_rule[p];
    if (hits[ri].pattern <= p || !work->positive[rules[ri].category]) {
      continue;
    }
    fire(p);
  }
}

void Classifier::Rep::Score(const NormalizedText& norm, bool evaluate_all,
                            Working* work, Classification* out) const {
  const std::vector<Category>& cats = pack->categories();
  // Rules that can only lower a score (weight <= 0, "penalties") count only
  // for categories where a positive rule fired: elsewhere the category
  // cannot reach a positive threshold anyway. In a one-line text they run
  // only then (penalty rules tend to be broad topic words that would
  // otherwise be candidates in most messages); in a longer one every rule
  // runs line by line, and penalties without a positive rule are dropped at
  // the end.
  if (work->hits.size() != rules.size()) work->hits.assign(rules.size(), {});
  if (work->done.size() != pattern_rule.size()) {
    work->done.assign(pattern_rule.size(), 0);
  }
  work->hit_rules.clear();
  work->positive.assign(cats.size(), false);
  const std::string_view text = norm.text;
  work->several_lines =
      text.find('\n') != std::string_view::npos || text.size() > kMaxPieceBytes;
  if (!work->several_lines) {
    ScoreLine(text, 0, !evaluate_all, work);
  } else {
    for (size_t begin = 0; begin <= text.size();) {
      size_t end = text.find('\n', begin);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(begin, end - begin);
      if (line.size() <= kMaxPieceBytes) {
        ScoreLine(line, begin, false, work);
      } else {
        ForEachPiece(line, [&](size_t b, size_t e) {
          ScoreLine(line.substr(b, e - b), begin + b, false, work);
        });
      }
      begin = end + 1;
    }
  }
  // Matches are reported in pack order.
  std::sort(work->hit_rules.begin(), work->hit_rules.end());
  std::vector<int>& fired = work->fired;  // rule indices
  std::vector<int>& cat_rules = work->cat_rules;
  std::vector<double>& cat_score = work->cat_score;
  fired.clear();
  cat_rules.assign(cats.size(), 0);
  cat_score.assign(cats.size(), 0);
  for (int ri : work->hit_rules) {
    if (evaluate_all || !IsPenalty(ri) || work->positive[rules[ri].category]) {
      fired.push_back(ri);
      ++cat_rules[rules[ri].category];
      cat_score[rules[ri].category] += rules[ri].weight;
    }
  }
  std::vector<int>& order = work->order;
  order.clear();
  size_t below = 0;
  for (size_t c = 0; c < cats.size(); ++c) {
    if (cat_rules[c] == 0) continue;
    if (cat_score[c] >= cats[c].min_score) {
      order.push_back(static_cast<int>(c));
    } else {
      ++below;
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (cats[a].urgency != cats[b].urgency) {
      return cats[a].urgency == Urgency::kHigh;
    }
    return cat_score[a] > cat_score[b];
  });
  // Where each category's result goes: place k >= 0 is categories[k] (rank
  // order), -1 - k is below_threshold[k] (pack order).
  std::vector<int>& place = work->place;
  place.assign(cats.size(), 0);
  for (size_t k = 0; k < order.size(); ++k) {
    place[order[k]] = static_cast<int>(k);
  }
  out->categories.resize(order.size());
  out->below_threshold.resize(below);
  int next_below = 0;
  auto result_of = [&](int c) -> CategoryMatch& {
    return place[c] >= 0 ? out->categories[place[c]]
                         : out->below_threshold[-1 - place[c]];
  };
  // Over a reused result's elements fields are assigned, so it keeps its
  // memory; past them elements are appended.
  for (size_t c = 0; c < cats.size(); ++c) {
    if (cat_rules[c] == 0) continue;
    if (cat_score[c] < cats[c].min_score) place[c] = -1 - next_below++;
    CategoryMatch& cm = result_of(static_cast<int>(c));
    cm.id = cats[c].id;
    cm.urgency = cats[c].urgency;
    cm.score = cat_score[c];
    cm.matches.reserve(cat_rules[c]);
  }
  out->urgency = Urgency::kNormal;
  for (const CategoryMatch& cm : out->categories) {
    if (cm.urgency == Urgency::kHigh) out->urgency = Urgency::kHigh;
  }
  // Rules are in pack order, so each category's matches come in one run.
  size_t k = 0;
  for (size_t i = 0; i < fired.size(); ++i, ++k) {
    const int ri = fired[i];
    const int c = rules[ri].category;
    if (i > 0 && c != rules[fired[i - 1]].category) k = 0;
    std::vector<RuleMatch>& matches = result_of(c).matches;
    RuleMatch& m = Slot(&matches, k);
    m.rule_id = rules[ri].rule->id;
    m.span = norm.ToOriginal(work->hits[ri].span);
    if (i + 1 == fired.size() || rules[fired[i + 1]].category != c) {
      matches.resize(k + 1);
    }
  }
  for (int ri : work->hit_rules) {
    work->hits[ri] = RuleHit();
    if (work->several_lines) {
      std::fill(work->done.begin() + rules[ri].first_pattern,
                work->done.begin() + rules[ri].end_pattern, 0);
    }
  }
}

void Classifier::Rep::AddSteps(const std::string& lang,
                               const ClassifyRequest& request, Working* work,
                               Classification* out) const {
  const std::vector<Category>& cats = pack->categories();
  auto found = steps.find(lang);
  if (found == steps.end()) {  // Classify only passes pack languages.
    out->steps.clear();
    out->checklist.clear();
    return;
  }
  const RenderedSteps& rendered = found->second;
  const auto* overrides =
      request.brand_overrides.empty() ? nullptr : &request.brand_overrides;
  // Over a reused result's elements fields are assigned, so it keeps its
  // memory; past them elements are appended.
  size_t next_step = 0;
  auto add = [&](const std::string& cat_id, const std::vector<Step>& list,
                 size_t index) {
    for (size_t s = 0; s < list.size(); ++s, ++next_step) {
      StepText& step = Slot(&out->steps, next_step);
      step.category = cat_id;
      step.id = list[s].id;
      if (overrides != nullptr) {
        step.text = Render(list[s], *pack, lang, overrides);
      } else {
        step.text = rendered[index][s];
      }
    }
  };
  // Score left the reported categories' indices in work->order.
  size_t num_steps = 0;
  size_t num_items = 0;
  for (int c : work->order) {
    const Category* cat = &cats[c];
    num_steps += cat->steps.size();
    num_items += cat->checklist.size();
  }
  if (out->categories.empty()) num_steps = pack->fallback_steps().size();
  out->steps.reserve(num_steps);
  out->checklist.reserve(num_items);
  // Checklist items already added (views of the pack's texts; few).
  std::vector<std::string_view>& seen = work->checklist_seen;
  seen.clear();
  for (size_t k = 0; k < out->categories.size(); ++k) {
    CategoryMatch& cm = out->categories[k];
    const size_t index = work->order[k];
    const Category* cat = &cats[index];
    auto title = cat->title.find(lang);
    cm.title = title != cat->title.end() ? title->second : cm.id;
    add(cm.id, cat->steps, index);
    for (const LocalizedText& item : cat->checklist) {
      auto it = item.find(lang);
      if (it == item.end() ||
          std::find(seen.begin(), seen.end(), it->second) != seen.end()) {
        continue;
      }
      Slot(&out->checklist, seen.size()) = it->second;
      seen.push_back(it->second);
    }
  }
  out->checklist.resize(seen.size());
  if (out->categories.empty())
    add("fallback", pack->fallback_steps(), cats.size());
  out->steps.resize(next_step);
}

Classifier::Classifier(std::unique_ptr<const Rep> rep) : rep_(std::move(rep)) {}
Classifier::~Classifier() = default;

const RulePack& Classifier::pack() const { return *rep_->pack; }

absl::StatusOr<std::unique_ptr<Classifier>> Classifier::Create(
    std::shared_ptr<const RulePack> pack, const ClassifierOptions& options) {
  if (pack == nullptr) return absl::InvalidArgumentError("pack is null");
  if (options.max_memory_bytes < (size_t{1} << 20)) {
    return absl::InvalidArgumentError(
        "max_memory_bytes must be at least 1 MiB");
  }
  if (options.max_input_bytes == 0) {
    return absl::InvalidArgumentError("max_input_bytes must be at least 1");
  }
  auto rep = std::make_unique<Rep>();
  rep->pack = std::move(pack);
  rep->options = options;
  absl::StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  rep->normalizer = *std::move(normalizer);
  absl::Status built = rep->Build();
  if (!built.ok()) return built;
#if defined(__GLIBC__)
  // Planning and compiling (Hyperscan's compiler above all) free far more
  // memory than the classifier keeps; give it back to the system rather
  // than leave it in the allocator's free lists (~12 MB with Hyperscan).
  malloc_trim(0);
#endif
  return std::unique_ptr<Classifier>(new Classifier(std::move(rep)));
}

absl::StatusOr<Classification> Classifier::Classify(
    std::string_view text, const ClassifyRequest& request) const {
  Classification out;
  absl::Status status = ClassifyInto(text, request, &out);
  if (!status.ok()) return status;
  return out;
}

absl::Status Classifier::ClassifyInto(std::string_view text,
                                      const ClassifyRequest& request,
                                      Classification* out) const {
  const std::vector<std::string>& langs = rep_->pack->languages();
  std::string lang = request.language;
  if (!lang.empty() &&
      std::find(langs.begin(), langs.end(), lang) == langs.end()) {
    return absl::InvalidArgumentError(
        Cat("language '", lang, "' is not in pack '", rep_->pack->name(), "'"));
  }
  text = Truncate(text, rep_->options.max_input_bytes, &out->truncated);
  if (lang.empty()) {
    lang = DetectLanguage(text);
    if (std::find(langs.begin(), langs.end(), lang) == langs.end())
      lang = langs[0];
  }
  out->language = lang;
  std::unique_ptr<Working> work = rep_->TakeWorking();
  rep_->normalizer->Normalize(text, &work->norm);
  rep_->Score(work->norm, request.evaluate_all_rules, work.get(), out);
  rep_->AddSteps(lang, request, work.get(), out);
  // Idle working memory keeps what the pack needs, not what the longest
  // message did (its normalised text and offsets take 9 bytes per byte).
  if (work->norm.text.capacity() > kMaxKeptTextBytes) {
    work->norm = NormalizedText();
  }
  rep_->GiveBack(std::move(work));
  return absl::OkStatus();
}

}  // namespace triage
