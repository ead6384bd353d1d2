// Pack validation collects every problem it can find, so that `triage lint`
// shows them all at once, and only then decides: a pack is all or nothing.
#include "src/pack_parser.h"

#ifndef TOML_EXCEPTIONS
#define TOML_EXCEPTIONS 0
#endif
#include <toml++/toml.h>

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"
#include "src/pattern.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

constexpr size_t kMaxErrors = 50;
constexpr int64_t kSyntaxCheckMaxMem = 1024;

SourceLocation Loc(const toml::source_region& r) {
  return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

// Collects "source:line:column: context: message" lines.
class Errors {
 public:
  explicit Errors(std::string_view source) : source_(source) {}
  void Add(SourceLocation at, std::string_view context, std::string_view msg) {
    if (lines_.size() >= kMaxErrors) return;
    lines_.push_back(Cat(source_, ":", at.line, ":", at.column, ": ", context,
                         context.empty() ? "" : ": ", msg));
  }
  void Add(const toml::node& at, std::string_view context,
           std::string_view msg) {
    Add(Loc(at.source()), context, msg);
  }
  bool empty() const { return lines_.empty(); }
  absl::Status ToStatus() const {
    return absl::InvalidArgumentError(absl::StrJoin(lines_, "\n"));
  }

 private:
  std::string source_;
  std::vector<std::string> lines_;
};

// Shared state while parsing one pack.
struct Ctx {
  Errors errors;
  const Normalizer& normalizer;
  bool check_regex_syntax = true;
  PackModel* model;
  std::map<std::string, const Lexicon*> lexicons;
  std::set<std::string> rule_ids;
};

// Reports keys of `table` not in `allowed`.
void CheckKeys(Ctx& ctx, const toml::table& table, std::string_view context,
               std::initializer_list<std::string_view> allowed) {
  for (auto&& [key, node] : table) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key.str() == a;
    if (!ok) {
      ctx.errors.Add(Loc(key.source()), context,
                     Cat("unknown key '", key.str(), "'"));
    }
  }
}

// Returns the string at table[key]; reports it missing or mistyped.
std::string RequireString(Ctx& ctx, const toml::table& table,
                          std::string_view key, std::string_view context) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    ctx.errors.Add(table, context, Cat("missing required '", key, "'"));
    return "";
  }
  if (!node->is_string()) {
    ctx.errors.Add(*node, context, Cat("'", key, "' must be a string"));
    return "";
  }
  std::string value(*node->value<std::string_view>());
  if (value.empty()) {
    ctx.errors.Add(*node, context, Cat("'", key, "' must not be empty"));
  }
  return value;
}

// Reads an optional array of strings; reports other types.
std::vector<std::string> StringArray(Ctx& ctx, const toml::table& table,
                                     std::string_view key,
                                     std::string_view context, bool required) {
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) {
      ctx.errors.Add(table, context, Cat("missing required '", key, "'"));
    }
    return out;
  }
  const toml::array* arr = node->as_array();
  if (arr == nullptr) {
    ctx.errors.Add(*node, context,
                   Cat("'", key, "' must be an array of strings"));
    return out;
  }
  for (const toml::node& item : *arr) {
    if (!item.is_string()) {
      ctx.errors.Add(item, context, Cat("'", key, "' must hold only strings"));
      continue;
    }
    out.emplace_back(*item.value<std::string_view>());
  }
  if (required && out.empty() && arr->empty()) {
    ctx.errors.Add(*node, context, Cat("'", key, "' must not be empty"));
  }
  return out;
}

double OptionalNumber(Ctx& ctx, const toml::table& table, std::string_view key,
                      std::string_view context, double fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  if (std::optional<double> v = node->value<double>()) return *v;
  ctx.errors.Add(*node, context, Cat("'", key, "' must be a number"));
  return fallback;
}

bool IsLanguage(const Ctx& ctx, std::string_view key) {
  for (const std::string& l : ctx.model->languages) {
    if (l == key) return true;
  }
  return false;
}

// Reads the language keys of `table` into a LocalizedText; keys in `extra`
// are skipped (the caller reads them), any other key is an error. Every pack
// language must be present.
LocalizedText Localized(Ctx& ctx, const toml::table& table,
                        std::string_view context, std::string_view what,
                        std::initializer_list<std::string_view> extra = {}) {
  LocalizedText out;
  for (auto&& [key, value] : table) {
    bool skip = false;
    for (std::string_view e : extra) skip = skip || key.str() == e;
    if (skip) continue;
    if (!IsLanguage(ctx, key.str())) {
      ctx.errors.Add(
          Loc(key.source()), context,
          Cat(what, ": unknown key '", key.str(), "' (not a pack language)"));
    } else if (!value.is_string()) {
      ctx.errors.Add(value, context,
                     Cat(what, " '", key.str(), "' must be a string"));
    } else {
      out[std::string(key.str())] =
          std::string(*value.value<std::string_view>());
    }
  }
  for (const std::string& lang : ctx.model->languages) {
    if (out.count(lang) == 0) {
      ctx.errors.Add(table, context, Cat(what, " has no '", lang, "' text"));
    }
  }
  return out;
}

// Reads table[key] as a localized text table.
LocalizedText LocalizedField(Ctx& ctx, const toml::table& table,
                             std::string_view key, std::string_view context) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    ctx.errors.Add(table, context, Cat("missing required '", key, "'"));
    return {};
  }
  if (!node->is_table()) {
    ctx.errors.Add(*node, context,
                   Cat("'", key, "' must be a table of language = text"));
    return {};
  }
  return Localized(ctx, *node->as_table(), context, key);
}

// Calls fn for each table of the array at table[key] (an array of tables).
template <typename Fn>
void ForEachTable(Ctx& ctx, const toml::table& table, std::string_view key,
                  std::string_view context, Fn fn) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const toml::array* arr = node->as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    ctx.errors.Add(
        *node, context,
        Cat("'", key, "' must be an array of tables ([[", key, "]])"));
    return;
  }
  for (const toml::node& item : *arr) fn(*item.as_table());
}

void ParseMeta(Ctx& ctx, const toml::table& root) {
  const toml::table* pack = root["pack"].as_table();
  if (pack == nullptr) {
    ctx.errors.Add(root, "", "missing required [pack] table");
    return;
  }
  CheckKeys(ctx, *pack, "[pack]",
            {"name", "version", "languages", "min_score"});
  ctx.model->name = RequireString(ctx, *pack, "name", "[pack]");
  ctx.model->version = RequireString(ctx, *pack, "version", "[pack]");
  ctx.model->languages = StringArray(ctx, *pack, "languages", "[pack]", true);
}

void ParseBrand(Ctx& ctx, const toml::table& root) {
  const toml::node* node = root.get("brand");
  if (node == nullptr) return;
  if (!node->is_table()) {
    ctx.errors.Add(*node, "", "[brand] must be a table");
    return;
  }
  for (auto&& [key, value] : *node->as_table()) {
    const std::string context = Cat("brand '", key.str(), "'");
    LocalizedText text;
    if (value.is_string()) {
      text[""] = std::string(*value.value<std::string_view>());
    } else if (value.is_table()) {
      text = Localized(ctx, *value.as_table(), context, "value");
    } else {
      ctx.errors.Add(value, context,
                     "must be a string or a table of language = text");
    }
    ctx.model->brand[std::string(key.str())] = std::move(text);
  }
}

void ParseLexicons(Ctx& ctx, const toml::table& root) {
  ForEachTable(ctx, root, "lexicon", "", [&](const toml::table& t) {
    CheckKeys(ctx, t, "[[lexicon]]", {"name", "terms"});
    Lexicon lex;
    lex.name = RequireString(ctx, t, "name", "[[lexicon]]");
    const std::string context = Cat("lexicon '", lex.name, "'");
    lex.terms = StringArray(ctx, t, "terms", context, true);
    for (const std::string& term : lex.terms) {
      bool nested = false;
      ForEachPlaceholder(term, [&](std::string_view) { nested = true; });
      if (nested)
        ctx.errors.Add(t, context,
                       Cat("term '", term,
                           "' refers to a lexicon; nesting is not supported"));
      if (term.empty()) ctx.errors.Add(t, context, "empty term");
    }
    for (const Lexicon& other : ctx.model->lexicons) {
      if (other.name == lex.name && !lex.name.empty()) {
        ctx.errors.Add(t, context, "duplicate lexicon name");
      }
    }
    ctx.model->lexicons.push_back(std::move(lex));
  });
}

// The item of the array table[key] holding `value`, so that a problem with
// one pattern is reported on its own line; the table itself if not found.
const toml::node& ItemWithValue(const toml::table& table, std::string_view key,
                                std::string_view value) {
  if (const toml::array* arr = table[key].as_array()) {
    for (const toml::node& item : *arr) {
      if (item.value<std::string_view>() == value) return item;
    }
  }
  return table;
}

// Expands, normalises and test-compiles one pattern; reports problems.
std::string PreparePattern(Ctx& ctx, const toml::node& at,
                           const std::string& context,
                           const std::string& pattern) {
  absl::StatusOr<std::string> expanded = ExpandLexicons(pattern, ctx.lexicons);
  if (!expanded.ok()) {
    ctx.errors.Add(
        at, context,
        Cat("pattern '", pattern, "': ", expanded.status().message()));
    return "";
  }
  std::string normalized = NormalizePattern(*expanded, ctx.normalizer);
  // Loading checks syntax only: with a tiny memory limit RE2 parses the
  // whole pattern but stops compiling early, which halves load time. Whether
  // a pattern fits in memory is the classifier's question (its budget).
  if (!ctx.check_regex_syntax) return normalized;
  RE2 re(normalized, PatternOptions(kSyntaxCheckMaxMem));
  if (!re.ok() && re.error_code() != RE2::ErrorPatternTooLarge) {
    ctx.errors.Add(
        at, context,
        Cat("pattern '", pattern, "' does not compile: ", re.error()));
  }
  return normalized;
}

Rule ParseRule(Ctx& ctx, const toml::table& t, const std::string& category) {
  const std::string where = Cat("category '", category, "'");
  CheckKeys(ctx, t, where + " rule", {"id", "patterns", "weight", "exclude"});
  Rule rule;
  rule.location = Loc(t.source());
  rule.id = RequireString(ctx, t, "id", where + " rule");
  const std::string context = Cat(where, " rule '", rule.id, "'");
  if (!rule.id.empty() && !ctx.rule_ids.insert(rule.id).second) {
    ctx.errors.Add(t, context, "duplicate rule id");
  }
  rule.patterns = StringArray(ctx, t, "patterns", context, true);
  rule.weight = OptionalNumber(ctx, t, "weight", context, 1.0);
  for (const std::string& p : rule.patterns) {
    rule.expanded_patterns.push_back(
        PreparePattern(ctx, ItemWithValue(t, "patterns", p), context, p));
  }
  for (const std::string& p : StringArray(ctx, t, "exclude", context, false)) {
    rule.expanded_excludes.push_back(
        PreparePattern(ctx, ItemWithValue(t, "exclude", p), context, p));
  }
  return rule;
}

void CheckPlaceholders(Ctx& ctx, const toml::table& at,
                       const std::string& context, const Step& step) {
  // Not a structured binding: lambdas may not capture those before C++20.
  for (const auto& entry : step.text) {
    const std::string& lang = entry.first;
    const toml::node* text_node = at.get(lang);
    ForEachPlaceholder(entry.second, [&](std::string_view name) {
      if (ctx.model->brand.count(std::string(name)) == 0) {
        ctx.errors.Add(text_node ? *text_node : at, context,
                       Cat("step '", step.id, "' (", lang, ") uses {", name,
                           "} but [brand] has no '", name, "'"));
      }
    });
  }
}

std::vector<Step> ParseSteps(Ctx& ctx, const toml::table& parent,
                             const std::string& context) {
  std::vector<Step> steps;
  std::set<std::string> ids;
  ForEachTable(ctx, parent, "step", context, [&](const toml::table& t) {
    Step step;
    step.id = RequireString(ctx, t, "id", context + " step");
    const std::string where = Cat(context, " step '", step.id, "'");
    if (!step.id.empty() && !ids.insert(step.id).second) {
      ctx.errors.Add(t, where, "duplicate step id");
    }
    step.text = Localized(ctx, t, where, "text", {"id"});
    CheckPlaceholders(ctx, t, where, step);
    steps.push_back(std::move(step));
  });
  return steps;
}

Urgency ParseUrgency(Ctx& ctx, const toml::table& t,
                     const std::string& context) {
  const std::string value = RequireString(ctx, t, "urgency", context);
  if (value == "high") return Urgency::kHigh;
  if (value != "normal" && !value.empty()) {
    ctx.errors.Add(
        *t.get("urgency"), context,
        Cat("unknown urgency '", value, "' (expected \"normal\" or \"high\")"));
  }
  return Urgency::kNormal;
}

void ParseChecklist(Ctx& ctx, const toml::table& t, const std::string& context,
                    Category* c) {
  const toml::node* node = t.get("checklist");
  if (node == nullptr) return;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) {
    ctx.errors.Add(*node, context, "'checklist' must be an array of tables");
    return;
  }
  for (const toml::node& item : *arr) {
    if (!item.is_table()) {
      ctx.errors.Add(item, context,
                     "checklist items must be {lang = text} tables");
      continue;
    }
    c->checklist.push_back(
        Localized(ctx, *item.as_table(), context, "checklist item"));
  }
}

void ParseCategory(Ctx& ctx, const toml::table& t, double default_min) {
  Category c;
  c.location = Loc(t.source());
  c.id = RequireString(ctx, t, "id", "[[category]]");
  const std::string context = Cat("category '", c.id, "'");
  CheckKeys(ctx, t, context,
            {"id", "urgency", "title", "min_score", "checklist", "examples",
             "near_misses", "rule", "step"});
  for (const Category& other : ctx.model->categories) {
    if (other.id == c.id && !c.id.empty()) {
      ctx.errors.Add(t, context, "duplicate category id");
    }
  }
  c.urgency = ParseUrgency(ctx, t, context);
  c.title = LocalizedField(ctx, t, "title", context);
  c.min_score = OptionalNumber(ctx, t, "min_score", context, default_min);
  ParseChecklist(ctx, t, context, &c);
  c.examples = StringArray(ctx, t, "examples", context, false);
  c.near_misses = StringArray(ctx, t, "near_misses", context, false);
  ForEachTable(ctx, t, "rule", context, [&](const toml::table& r) {
    c.rules.push_back(ParseRule(ctx, r, c.id));
  });
  if (c.rules.empty()) ctx.errors.Add(t, context, "has no [[category.rule]]");
  c.steps = ParseSteps(ctx, t, context);
  if (c.steps.empty()) ctx.errors.Add(t, context, "has no [[category.step]]");
  ctx.model->categories.push_back(std::move(c));
}

void ParseFallback(Ctx& ctx, const toml::table& root) {
  const toml::table* fallback = root["fallback"].as_table();
  if (fallback == nullptr) {
    ctx.errors.Add(root, "", "missing required [fallback] table with steps");
    return;
  }
  CheckKeys(ctx, *fallback, "[fallback]", {"step"});
  ctx.model->fallback_steps = ParseSteps(ctx, *fallback, "fallback");
  if (ctx.model->fallback_steps.empty()) {
    ctx.errors.Add(*fallback, "[fallback]", "has no [[fallback.step]]");
  }
}

}  // namespace

absl::StatusOr<PackModel> ParsePack(std::string_view toml_text,
                                    std::string_view source_name,
                                    const Normalizer& normalizer,
                                    bool check_regex_syntax) {
  PackModel model;
  model.source_name = std::string(source_name);
  Ctx ctx{Errors(source_name), normalizer, check_regex_syntax, &model, {}, {}};
  toml::parse_result parsed = toml::parse(toml_text, source_name);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    ctx.errors.Add(Loc(e.source()), "", e.description());
    return ctx.errors.ToStatus();
  }
  const toml::table& root = parsed.table();
  CheckKeys(ctx, root, "",
            {"pack", "brand", "lexicon", "category", "fallback"});
  ParseMeta(ctx, root);
  ParseBrand(ctx, root);
  ParseLexicons(ctx, root);
  for (const Lexicon& lex : model.lexicons) ctx.lexicons[lex.name] = &lex;
  double default_min = 1.0;
  if (const toml::table* pack = root["pack"].as_table()) {
    default_min = OptionalNumber(ctx, *pack, "min_score", "[pack]", 1.0);
  }
  ForEachTable(ctx, root, "category", "", [&](const toml::table& t) {
    ParseCategory(ctx, t, default_min);
  });
  if (model.categories.empty() && ctx.errors.empty()) {
    ctx.errors.Add(root, "", "the pack has no [[category]]");
  }
  ParseFallback(ctx, root);
  if (!ctx.errors.empty()) return ctx.errors.ToStatus();
  return model;
}

}  // namespace internal
}  // namespace triage
