// Classifies a wallet user's complaint into ranked categories, urgency,
// ordered remediation steps and a checklist.
//
// Example:
//   auto pack = triage::RulePack::Default();
//   if (!pack.ok()) return pack.status();
//   auto classifier = triage::Classifier::Create(std::move(*pack));
//   if (!classifier.ok()) return classifier.status();
//   triage::ClassifyRequest request;
//   request.brand_overrides["hotline"] = "95000";
//   absl::StatusOr<triage::Classification> r =
//       (*classifier)->Classify("提现三天了还没到账", request);
//   if (r.ok() && !r->categories.empty()) Show(r->categories[0].id, r->steps);
#ifndef TRIAGE_CLASSIFIER_H_
#define TRIAGE_CLASSIFIER_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "triage/export.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace triage {

// Which pattern-matching engine runs the pack.
enum class Backend {
  // RE2 with a literal prefilter: only patterns whose required literals occur
  // in the message are run. Always available.
  kRe2,
  // The same prefilter with its literal stage run by Hyperscan/Vectorscan,
  // when the library was built with TRIAGE_WITH_HYPERSCAN; Create returns
  // kUnimplemented otherwise. Gives the same categories and spans as kRe2.
  kHyperscan,
};

// Options for Classifier::Create.
struct ClassifierOptions {
  // Matching engine. Default kRe2.
  Backend backend = Backend::kRe2;
  // Upper bound on the memory the compiled patterns and their lazily built
  // DFA caches may use, in bytes, shared between the regexes compiled
  // (patterns are split into deduplicated alternatives and head terms;
  // terms that are plain strings are searched as strings and need no share;
  // the others share two thirds of the budget in proportion to their
  // length, and each, when first compiled, also takes 1/64 of what is left
  // of the other third, so the regexes messages need first get the most
  // room; each RE2 gets its total as max_mem). The literal prefilter's tables
  // (0.8 MB for the default pack) are not counted. Regexes are compiled the
  // first time a message needs them, so memory grows with use; DFA states are
  // built only as texts need them, and a regex whose cache fills up falls back
  // to slower NFA matching, never to more memory. Create returns
  // kResourceExhausted, naming the rule, when a pattern's program alone does
  // not fit its proportional share (Create compiles a regex up front when an
  // estimate of its program size cannot show that it fits). Default 256 MiB;
  // valid range: 1 MiB and up.
  size_t max_memory_bytes = size_t{256} << 20;
  // Longer messages are cut (at a UTF-8 character boundary) to this many
  // bytes before classification, and Classification::truncated is set.
  // Default 1 MiB; valid range: 1 and up.
  size_t max_input_bytes = size_t{1} << 20;
  // A directory where Create keeps what it computes from a pack between
  // runs, so that later Creates of the same pack load it instead:
  //   - the search plan (how the patterns are split, and the literals each
  //     part requires): triage-plan-<hash>.bin, one per distinct set of
  //     patterns and memory budget. Planning a pack of the default pack's
  //     size takes ~120 ms on a desktop core, loading its plan ~10 ms; the
  //     default pack's own plan is built into the library, so it needs no
  //     file;
  //   - with the Hyperscan backend, the compiled literal database:
  //     triage-hs-<hash>.db, one per distinct pack content and Hyperscan
  //     version.
  // A file that is damaged or made for other patterns is detected (by its
  // checksum and key), ignored and replaced; files are written through a
  // temporary file renamed into place, so processes can share the
  // directory. Files are trusted like the library itself: the directory
  // should be writable by the application only. Nothing is deleted: files
  // of packs no longer used may be removed at any time. A missing,
  // unwritable or stale cache is not an error: the work is then done again
  // (and written when possible). Default: empty, no cache.
  std::string cache_dir;
  // The Hyperscan database's cache directory when cache_dir is empty (kept
  // for callers written before cache_dir). Default: empty.
  std::string hyperscan_cache_dir;
};

// Per-call parameters for Classifier::Classify.
struct ClassifyRequest {
  // Language for titles, steps and the checklist: one of the pack's
  // languages, or empty to detect it from the message (Chinese when the
  // message is mostly Han characters, otherwise English; the pack's first
  // language when the detected one is not in the pack). Default: empty.
  std::string language;
  // Brand values that replace the pack's for this call, by key
  // (e.g. {"hotline", "95000"}). Keys the pack does not use are ignored.
  std::map<std::string, std::string> brand_overrides;
  // Evaluate every candidate rule, including rules of weight <= 0 in
  // categories where no positive rule fired (normally skipped: they cannot
  // change the result). For tools that report on rules, such as lint and
  // eval --rules; slower. Default false.
  bool evaluate_all_rules = false;
};

// One place where a rule matched.
struct RuleMatch {
  // Id of the rule that fired.
  std::string rule_id;
  // Byte offsets of the match in the caller's original text.
  Span span;
};

// A category the message reports.
struct CategoryMatch {
  std::string id;
  // Title in the result language.
  std::string title;
  // Sum of the weights of the rules that fired.
  double score = 0;
  Urgency urgency = Urgency::kNormal;
  // The rules that fired, in pack order: the explanation of the score.
  std::vector<RuleMatch> matches;
};

// A remediation step with brand values filled in.
struct StepText {
  // Category the step belongs to; "fallback" for the fallback steps.
  std::string category;
  std::string id;
  std::string text;
};

// The result of classifying one message.
struct Classification {
  // Language of titles, steps and checklist ("zh", "en", ...).
  std::string language;
  // kHigh when any reported category is high urgency.
  Urgency urgency = Urgency::kNormal;
  // Reported categories, most pressing first: high-urgency categories first,
  // then by score, ties in pack order. Empty when nothing matched.
  std::vector<CategoryMatch> categories;
  // Steps of the reported categories in rank order (each category's steps in
  // pack order), or the fallback steps when no category was reported.
  std::vector<StepText> steps;
  // What to have ready, merged over the reported categories, without
  // duplicates, in rank order.
  std::vector<std::string> checklist;
  // Categories where a rule of positive weight fired but whose score stayed
  // below their threshold (or was pulled down by negative rules): not
  // reported, no steps; kept to explain the result. Pack order. Rules of
  // weight <= 0 are only evaluated for categories with such positive
  // evidence (when the category's threshold is positive), unless the request
  // sets evaluate_all_rules.
  std::vector<CategoryMatch> below_threshold;
  // True when the message was longer than max_input_bytes and was cut.
  bool truncated = false;
};

// A compiled rule pack ready to classify messages. A Classifier is immutable
// and safe for concurrent use without external synchronization.
class TRIAGE_EXPORT Classifier {
 public:
  // Compiles `pack` with `options`. Returns kInvalidArgument for invalid
  // options, kResourceExhausted (naming the rule) when a pattern does not fit
  // the memory budget, kUnimplemented for a backend not built in.
  static absl::StatusOr<std::unique_ptr<Classifier>> Create(
      std::shared_ptr<const RulePack> pack,
      const ClassifierOptions& options = ClassifierOptions());

  ~Classifier();
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  // Classifies `text`, any bytes (invalid UTF-8 is replaced, never fatal).
  // A text of several lines (a pasted transcript) is matched line by line,
  // after normalisation (see Normalizer): no match spans a line break, `^`
  // and `$` match at the start and end of each line, an exclusion vetoes
  // matches on its own line only, and each rule is explained by its first
  // pattern that fires on any line, at that pattern's first line. A phrase
  // wrapped onto two lines is therefore not matched as one. A line longer
  // than 512 bytes (after normalisation) is matched the same way in
  // pieces: its sentences (each ends after a run of 。 ! ? ; or a . before a
  // space), and a sentence over 512 bytes cut after its last , : 、 or
  // space within 512 bytes (else at a character boundary). This keeps the
  // cost of a long text proportional to its length; shorter lines are
  // matched whole, so a gap may join two sentences there.
  // Returns kInvalidArgument only when request.language is not empty and not
  // one of the pack's languages.
  absl::StatusOr<Classification> Classify(
      std::string_view text,
      const ClassifyRequest& request = ClassifyRequest()) const;

  // Classify, writing the result into *out (which must not be null) and
  // reusing the memory its strings and lists hold: a caller classifying
  // message after message with one Classification avoids most of the
  // allocations a result needs (one per step text, rule id and checklist
  // item; on the default pack 6% of a short message's instructions, 0-4% of
  // its time in the benchmarks). Every field of *out is overwritten, none keeps
  // a value from before. On error (the same as Classify's) *out is left
  // unchanged. *out must not be used by another thread meanwhile.
  absl::Status ClassifyInto(std::string_view text,
                            const ClassifyRequest& request,
                            Classification* out) const;

  // The pack this classifier runs.
  const RulePack& pack() const;

 private:
  struct Rep;
  explicit Classifier(std::unique_ptr<const Rep> rep);
  std::unique_ptr<const Rep> rep_;
};

// Returns the language ("zh" or "en") that `text` is mostly written in.
TRIAGE_EXPORT std::string DetectLanguage(std::string_view text);

}  // namespace triage

#endif  // TRIAGE_CLASSIFIER_H_
