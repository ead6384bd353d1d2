// A rule pack: categories, RE2 patterns, steps and brand values, loaded from
// TOML and validated as a whole.
//
// Example:
//   absl::StatusOr<std::unique_ptr<triage::RulePack>> pack =
//       triage::RulePack::LoadFile("packs/wallet.toml");
//   if (!pack.ok()) {
//     std::cerr << pack.status().message() << "\n";  // file:line:column: ...
//     return 1;
//   }
//   for (const triage::Category& c : (*pack)->categories()) Use(c.id);
//
// The pack format is described in README.md ("Rule packs").
#ifndef TRIAGE_RULE_PACK_H_
#define TRIAGE_RULE_PACK_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "triage/export.h"

namespace triage {

// How soon a problem must be handled. kHigh means money may be leaving the
// account now; its steps start with freezing the account.
enum class Urgency { kNormal, kHigh };

// Returns "normal" or "high".
TRIAGE_EXPORT const char* UrgencyName(Urgency urgency);

// A text in several languages, keyed by language code ("zh", "en"). A brand
// value that is the same in every language is stored under the empty key.
using LocalizedText = std::map<std::string, std::string>;

// Where a definition starts in the pack source. Lines and columns are 1-based;
// 0 means unknown (e.g. a pack built in memory).
struct SourceLocation {
  int line = 0;
  int column = 0;
};

// One rule of a category: it fires when one of its patterns matches at a place
// that no match of its exclusion patterns overlaps.
struct Rule {
  // Unique within the pack.
  std::string id;
  // Patterns as written in the pack, before lexicon expansion.
  std::vector<std::string> patterns;
  // The same patterns after lexicon expansion and normalisation: the RE2
  // syntax that is actually compiled. Same length as `patterns`.
  std::vector<std::string> expanded_patterns;
  // Exclusion (veto) patterns, expanded and normalised like the patterns.
  std::vector<std::string> expanded_excludes;
  // Added to the category's score when the rule fires; may be negative.
  double weight = 1.0;
  SourceLocation location;
};

// One remediation step, with its text per language. Texts may hold brand
// placeholders such as "{hotline}".
struct Step {
  std::string id;
  LocalizedText text;
};

// A category of complaint.
struct Category {
  std::string id;
  Urgency urgency = Urgency::kNormal;
  LocalizedText title;
  // Reported when the sum of the weights of its fired rules reaches this.
  double min_score = 1.0;
  std::vector<Rule> rules;
  // Ordered: shown in this order.
  std::vector<Step> steps;
  // What the user should have ready before contacting support.
  std::vector<LocalizedText> checklist;
  // Messages that must classify to this category first.
  std::vector<std::string> examples;
  // Messages that must not report this category at all.
  std::vector<std::string> near_misses;
  SourceLocation location;
};

// A named concept: a word class whose terms are RE2 fragments. A pattern
// refers to it as {name}; it is expanded at load to (?:term1|term2|...).
struct Lexicon {
  std::string name;
  std::vector<std::string> terms;
};

// A validated rule pack. A RulePack is immutable and safe for concurrent use
// without external synchronization.
class TRIAGE_EXPORT RulePack {
 public:
  // Parses and validates a pack held in memory. `source_name` is used in error
  // messages in place of a file name. Returns kInvalidArgument, with one line
  // "source:line:column: message" per problem found (category and rule ids
  // named where they apply), for malformed TOML, unknown keys, missing or
  // mistyped fields, duplicate ids, unknown lexicons, patterns RE2 will not
  // compile, step placeholders with no brand value, unknown urgencies and
  // missing languages. Nothing is half-loaded: on error no pack is returned.
  static absl::StatusOr<std::unique_ptr<RulePack>> Parse(
      std::string_view toml, std::string_view source_name);

  // Reads and parses the file at `path`. Returns kNotFound when the file does
  // not exist or cannot be read, otherwise as Parse.
  static absl::StatusOr<std::unique_ptr<RulePack>> LoadFile(
      const std::string& path);

  // Returns the default wallet pack compiled into the library (the contents
  // of packs/wallet.toml at build time). Returns kInternal only if the
  // embedded pack is broken, which the build's tests rule out.
  static absl::StatusOr<std::unique_ptr<RulePack>> Default();

  // Returns the TOML source of the embedded default pack.
  static std::string_view DefaultSource();

  ~RulePack();
  RulePack(const RulePack&) = delete;
  RulePack& operator=(const RulePack&) = delete;

  // Metadata from the [pack] table.
  const std::string& name() const;
  const std::string& version() const;
  // Languages every text is given in; the first is the default language.
  const std::vector<std::string>& languages() const;
  // The source name given to Parse, or the path given to LoadFile.
  const std::string& source_name() const;

  // Categories in pack order.
  const std::vector<Category>& categories() const;
  // Steps shown when no category is reported.
  const std::vector<Step>& fallback_steps() const;
  // Brand values by key ("hotline", "wallet_name", ...).
  const std::map<std::string, LocalizedText>& brand() const;
  const std::vector<Lexicon>& lexicons() const;

  // Returns the category with `id`, or nullptr. The pointer lives as long as
  // the pack.
  const Category* FindCategory(std::string_view id) const;

 private:
  struct Rep;
  explicit RulePack(std::unique_ptr<const Rep> rep);
  std::unique_ptr<const Rep> rep_;
};

}  // namespace triage

#endif  // TRIAGE_RULE_PACK_H_
