// Reproducible benchmark inputs: distinct short complaints (zh/en) and long
// pasted transcripts, generated from fragments with a fixed seed, so RE2's
// DFA caches are not flattered by repeats.
#ifndef TRIAGE_BENCHMARKS_CORPUS_H_
#define TRIAGE_BENCHMARKS_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "triage/rule_pack.h"

namespace triage_bench {

// `n` distinct short messages, about 60% Chinese, 10-120 bytes each.
std::vector<std::string> ShortMessages(size_t n, uint32_t seed = 42);

// A chat transcript of about `bytes` bytes (lines of several speakers).
std::string Transcript(size_t bytes, uint32_t seed = 7);

// A pack of exactly `patterns` patterns: the default pack's rules, cut or
// replicated; each copy uses its own lexicons with one extra term, so no two
// copies compile to the same patterns.
std::string ScaledPackToml(const triage::RulePack& base, size_t patterns);

// Number of patterns in a pack.
size_t PatternCount(const triage::RulePack& pack);

}  // namespace triage_bench

#endif  // TRIAGE_BENCHMARKS_CORPUS_H_
