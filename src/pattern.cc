#include "src/pattern.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "src/str_cat.h"

namespace triage {
namespace internal {
namespace {

bool IsNameStart(char c) { return absl::ascii_islower(c) || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || absl::ascii_isdigit(c); }

// If text[pos] opens a "{name}" reference, returns the name's length (without
// braces), else 0.
size_t NameAt(std::string_view text, size_t pos) {
  if (text[pos] != '{' || pos + 1 >= text.size() || !IsNameStart(text[pos + 1]))
    return 0;
  size_t end = pos + 1;
  while (end < text.size() && IsNameChar(text[end])) ++end;
  return (end < text.size() && text[end] == '}') ? end - pos - 1 : 0;
}

// Length of the escape sequence starting at pattern[pos] == '\\', including
// a braced argument as in \p{Han} or \x{4e00}. Only \p, \P and \x take one:
// in \b{name} the brace opens a lexicon reference.
size_t EscapeLength(std::string_view pattern, size_t pos) {
  size_t len = pos + 1 < pattern.size() ? 2 : 1;
  const size_t brace = pos + len;
  const char kind = len == 2 ? pattern[pos + 1] : '\0';
  const bool takes_brace = kind == 'p' || kind == 'P' || kind == 'x';
  if (takes_brace && brace < pattern.size() && pattern[brace] == '{') {
    const size_t close = pattern.find('}', brace);
    if (close != std::string_view::npos) len = close - pos + 1;
  }
  return len;
}

bool IsAsciiSpace(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c));
}

// Normalises a run of literal pattern text, keeping one space where the run
// starts or ends with white space (the normaliser trims those).
void AppendNormalizedRun(std::string_view run, const Normalizer& normalizer,
                         std::string* out) {
  if (run.empty()) return;
  const std::string norm = normalizer.NormalizeText(run);
  if (IsAsciiSpace(run.front())) out->push_back(' ');
  out->append(norm);
  if (IsAsciiSpace(run.back()) && !norm.empty()) out->push_back(' ');
}

}  // namespace

absl::StatusOr<std::string> ExpandLexicons(
    std::string_view pattern,
    const std::map<std::string, const Lexicon*>& lex) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '\\') {
      const size_t len = EscapeLength(pattern, i);
      out.append(pattern.substr(i, len));
      i += len;
      continue;
    }
    const size_t name_len = NameAt(pattern, i);
    if (name_len == 0) {
      out.push_back(pattern[i++]);
      continue;
    }
    const std::string name(pattern.substr(i + 1, name_len));
    auto it = lex.find(name);
    if (it == lex.end()) {
      return absl::InvalidArgumentError(Cat("unknown lexicon {", name, "}"));
    }
    absl::StrAppend(&out, "(?:", absl::StrJoin(it->second->terms, "|"), ")");
    i += name_len + 2;
  }
  return out;
}

std::string NormalizePattern(std::string_view pattern,
                             const Normalizer& normalizer) {
  std::string out;
  size_t run_start = 0;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '\\') {
      ++i;
      continue;
    }
    AppendNormalizedRun(pattern.substr(run_start, i - run_start), normalizer,
                        &out);
    const size_t len = EscapeLength(pattern, i);
    out.append(pattern.substr(i, len));
    i += len;
    run_start = i;
  }
  AppendNormalizedRun(pattern.substr(run_start), normalizer, &out);
  return out;
}

int64_t MemoryShare(int64_t budget, size_t length, size_t total_length) {
  if (total_length == 0) return budget;
  const long double share =
      static_cast<long double>(budget) * length / total_length;
  return std::max<int64_t>(static_cast<int64_t>(share), 1);
}

SplitShare ShareBetweenFullAndHead(int64_t share, bool has_head) {
  if (!has_head) return {share, 0};
  return {share * 2 / 3, share / 3};
}

RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_max_mem(max_mem);
  return options;
}

void ForEachPlaceholder(std::string_view text,
                        const std::function<void(std::string_view)>& fn) {
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t len = NameAt(text, i);
    if (len == 0) continue;
    fn(text.substr(i + 1, len));
    i += len + 1;
  }
}

std::string FillPlaceholders(
    std::string_view text,
    const std::function<const std::string*(std::string_view)>& lookup) {
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size();) {
    const size_t len = NameAt(text, i);
    const std::string* value =
        len == 0 ? nullptr : lookup(text.substr(i + 1, len));
    if (value == nullptr) {
      out.push_back(text[i++]);
      continue;
    }
    out.append(*value);
    i += len + 2;
  }
  return out;
}

}  // namespace internal
}  // namespace triage
