// Throughput of triage::Classifier against the naive ways to run the same
// patterns, on distinct generated messages (see corpus.h).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "benchmarks/corpus.h"
#ifdef TRIAGE_BENCH_HYPERSCAN
#include <hs/hs.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "src/fingerprint.h"
#endif
#include "re2/re2.h"
#include "re2/set.h"
#include "triage/classifier.h"
#include "triage/normalizer.h"
#include "triage/rule_pack.h"

namespace {

constexpr size_t kCorpusSize = 20000;

const std::vector<std::string>& Corpus() {
  static const auto* corpus =
      new std::vector<std::string>(triage_bench::ShortMessages(kCorpusSize));
  return *corpus;
}

std::shared_ptr<const triage::RulePack> DefaultPack() {
  static const auto* pack = [] {
    auto p = triage::RulePack::Default();
    return new std::shared_ptr<const triage::RulePack>(std::move(*p));
  }();
  return *pack;
}

std::unique_ptr<triage::Classifier> Make(
    std::shared_ptr<const triage::RulePack> pack, triage::Backend backend) {
  triage::ClassifierOptions options;
  options.backend = backend;
  auto c = triage::Classifier::Create(std::move(pack), options);
  return c.ok() ? std::move(*c) : nullptr;
}

// The default pack's patterns, expanded, and the corpus normalised: the
// baselines get the normalisation for free.
struct Baseline {
  std::vector<std::string> patterns;
  std::vector<std::string> texts;
};

const Baseline& GetBaseline() {
  static const Baseline* b = [] {
    auto* out = new Baseline;
    for (const triage::Category& c : DefaultPack()->categories()) {
      for (const triage::Rule& r : c.rules) {
        for (const std::string& p : r.expanded_patterns)
          out->patterns.push_back(p);
      }
    }
    auto n = triage::Normalizer::Create();
    for (const std::string& m : Corpus())
      out->texts.push_back((*n)->NormalizeText(m));
    return out;
  }();
  return *b;
}

RE2::Options BaselineOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_never_capture(true);
  return o;
}

// The timed loop of the Classify benchmarks: texts[*next], texts[*next + 1],
// ... (wrapping around), one per iteration, counted as items and bytes.
// `reuse`: through ClassifyInto, one result reused for every text.
void ClassifyEach(benchmark::State& state, const triage::Classifier& c,
                  const std::vector<std::string>& texts, size_t* next,
                  bool reuse = false) {
  size_t bytes = 0;
  triage::Classification result;
  const triage::ClassifyRequest request;
  for (auto _ : state) {
    const std::string& t = texts[(*next)++ % texts.size()];
    if (reuse) {
      benchmark::DoNotOptimize(c.ClassifyInto(t, request, &result));
    } else {
      auto r = c.Classify(t);
      benchmark::DoNotOptimize(r);
    }
    bytes += t.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void RunShort(benchmark::State& state, const triage::Classifier* c,
              bool reuse = false) {
  if (c == nullptr) {
    state.SkipWithError("backend not built");
    return;
  }
  size_t i = state.thread_index() * 997;
  ClassifyEach(state, *c, Corpus(), &i, reuse);
}

void BM_Classify_Short(benchmark::State& state) {
  static const auto* c = Make(DefaultPack(), triage::Backend::kRe2).release();
  RunShort(state, c);
}
BENCHMARK(BM_Classify_Short)->ThreadRange(1, 2)->UseRealTime();

// The same through ClassifyInto, one result reused (as a backend's loop
// would), so a result's strings and lists are not allocated for each.
void BM_Classify_Short_Reuse(benchmark::State& state) {
  static const auto* c = Make(DefaultPack(), triage::Backend::kRe2).release();
  RunShort(state, c, /*reuse=*/true);
}
BENCHMARK(BM_Classify_Short_Reuse)->UseRealTime();

// Messages no other benchmark uses, each classified once (the index goes
// on across repetitions) by a classifier in service (see InService): what a
// message new to the classifier costs, with the DFA states it needs built
// on the spot. The corpus above is cycled, so after its first pass its
// messages are no longer new.
constexpr size_t kNewIterations = 40000;  // per repetition
const std::vector<std::string>& NewCorpus() {
  static const auto* corpus = [] {
    std::unordered_set<std::string> seen(Corpus().begin(), Corpus().end());
    auto* out = new std::vector<std::string>;
    for (std::string& m : triage_bench::ShortMessages(250000, /*seed=*/77)) {
      if (seen.insert(m).second) out->push_back(std::move(m));
    }
    return out;
  }();
  return *corpus;
}

// A classifier for the *_New benchmarks: in service already (it has
// classified the short corpus once, so the regexes compiled on first use
// are compiled), but none of their texts seen.
const triage::Classifier* InService(triage::Backend backend) {
  std::unique_ptr<triage::Classifier> c = Make(DefaultPack(), backend);
  if (c != nullptr) {
    for (const std::string& m : Corpus()) (void)c->Classify(m);
  }
  return c.release();
}

void BM_Classify_Short_New(benchmark::State& state) {
  const auto backend = static_cast<triage::Backend>(state.range(0));
  static const auto* re2c = InService(triage::Backend::kRe2);
  static const auto* hsc = InService(triage::Backend::kHyperscan);
  static size_t next[2] = {0, 0};
  const triage::Classifier* c = backend == triage::Backend::kRe2 ? re2c : hsc;
  if (c == nullptr) {
    state.SkipWithError("backend not built");
    return;
  }
  const std::vector<std::string>& corpus = NewCorpus();
  size_t& i = next[state.range(0)];
  // Wraps (seeing messages again) only past corpus.size() iterations.
  ClassifyEach(state, *c, corpus, &i);
  state.counters["seen_before"] = i > corpus.size() ? 1 : 0;
}
BENCHMARK(BM_Classify_Short_New)
    ->Arg(static_cast<int>(triage::Backend::kRe2))
    ->Arg(static_cast<int>(triage::Backend::kHyperscan))
    ->Iterations(kNewIterations)
    ->UseRealTime();

// BM_Classify_Short_New on the RE2 engine through ClassifyInto, one result
// reused; a classifier of its own, so the messages are new to it too.
void BM_Classify_Short_New_Reuse(benchmark::State& state) {
  static const auto* c = InService(triage::Backend::kRe2);
  static size_t next = 0;
  const std::vector<std::string>& corpus = NewCorpus();
  ClassifyEach(state, *c, corpus, &next, /*reuse=*/true);
  state.counters["seen_before"] = next > corpus.size() ? 1 : 0;
}
BENCHMARK(BM_Classify_Short_New_Reuse)
    ->Iterations(kNewIterations)
    ->UseRealTime();

void BM_Classify_Short_Hyperscan(benchmark::State& state) {
  static const auto* c =
      Make(DefaultPack(), triage::Backend::kHyperscan).release();
  RunShort(state, c);
}
BENCHMARK(BM_Classify_Short_Hyperscan)->ThreadRange(1, 2)->UseRealTime();

void RunTranscript(benchmark::State& state, triage::Backend backend) {
  static const auto* re2c =
      Make(DefaultPack(), triage::Backend::kRe2).release();
  static const auto* hsc =
      Make(DefaultPack(), triage::Backend::kHyperscan).release();
  const triage::Classifier* c = backend == triage::Backend::kRe2 ? re2c : hsc;
  if (c == nullptr) {
    state.SkipWithError("backend not built");
    return;
  }
  std::vector<std::string> docs;
  for (uint32_t seed = 1; seed <= 16; ++seed) {
    docs.push_back(triage_bench::Transcript(state.range(0), seed));
  }
  size_t i = 0;
  ClassifyEach(state, *c, docs, &i);
}

void BM_Classify_Transcript(benchmark::State& state) {
  RunTranscript(state, triage::Backend::kRe2);
}
BENCHMARK(BM_Classify_Transcript)->Arg(4 << 10)->Arg(64 << 10);

void BM_Classify_Transcript_Hyperscan(benchmark::State& state) {
  RunTranscript(state, triage::Backend::kHyperscan);
}
BENCHMARK(BM_Classify_Transcript_Hyperscan)->Arg(4 << 10)->Arg(64 << 10);

// Long lines (64 KB, no line break) of shapes that used to cost more than
// their length: range(0) 0: transcripts pasted with their line breaks lost
// (8 different ones, cycled: in one line nearly every entry is a
// candidate, and before lines over 512 bytes were cut into pieces each was
// searched along the whole line); 1: a negated complaint repeated (a
// rule's matches and its exclusion's vetoes interleave all along the line:
// quadratic before the vetoes were swept once); 2: a short complaint of
// common terms repeated; 3: the same in English.
void BM_Classify_LongLine(benchmark::State& state) {
  static const auto* c = Make(DefaultPack(), triage::Backend::kRe2).release();
  constexpr size_t kBytes = 64 << 10;
  std::vector<std::string> docs;
  if (state.range(0) == 0) {
    for (uint32_t seed = 7; seed < 15; ++seed) {
      docs.push_back(triage_bench::Transcript(kBytes, seed));
      std::replace(docs.back().begin(), docs.back().end(), '\n', ' ');
    }
  } else {
    const char* kUnits[] = {"", "不是忘记密码，是验证码收不到，", "转账没到账",
                            "it was not declined, my card was declined. "};
    docs.emplace_back();
    while (docs[0].size() < kBytes) docs[0] += kUnits[state.range(0)];
  }
  size_t i = 0;
  ClassifyEach(state, *c, docs, &i);
}
BENCHMARK(BM_Classify_LongLine)->DenseRange(0, 3);

// Transcripts each classified once, as BM_Classify_Short_New does for
// short messages (the transcripts above are cycled: after the first pass
// their lines are no longer new to the classifier). range(0): bytes,
// range(1): backend; iterations fixed per repetition, the index carried
// across repetitions.
void BM_Classify_Transcript_New(benchmark::State& state) {
  static const auto* re2c = InService(triage::Backend::kRe2);
  static const auto* hsc = InService(triage::Backend::kHyperscan);
  const triage::Classifier* c =
      static_cast<triage::Backend>(state.range(1)) == triage::Backend::kRe2
          ? re2c
          : hsc;
  if (c == nullptr) {
    state.SkipWithError("backend not built");
    return;
  }
  // Seeds no other benchmark uses: 1000 + size/1024*100 + backend*50 + i.
  static std::map<std::pair<int64_t, int64_t>, uint32_t> next;
  uint32_t& i = next[{state.range(0), state.range(1)}];
  const uint32_t base = static_cast<uint32_t>(
      1000 + state.range(0) / 1024 * 100 + state.range(1) * 50);
  std::vector<std::string> docs;
  for (int64_t k = 0; k < state.max_iterations; ++k) {
    docs.push_back(triage_bench::Transcript(state.range(0), base + i++));
  }
  size_t d = 0;
  ClassifyEach(state, *c, docs, &d);
}
BENCHMARK(BM_Classify_Transcript_New)
    ->Args({4 << 10, static_cast<int>(triage::Backend::kRe2)})
    ->Args({4 << 10, static_cast<int>(triage::Backend::kHyperscan)})
    ->Iterations(200);
BENCHMARK(BM_Classify_Transcript_New)
    ->Args({64 << 10, static_cast<int>(triage::Backend::kRe2)})
    ->Args({64 << 10, static_cast<int>(triage::Backend::kHyperscan)})
    ->Iterations(20);

// Baseline: one RE2::Set over every pattern of the default pack, with the
// same memory budget a classifier gets by default (the set does not compile
// within RE2's default 8 MiB).
void BM_Baseline_RE2Set(benchmark::State& state) {
  const Baseline& b = GetBaseline();
  RE2::Options options = BaselineOptions();
  options.set_max_mem(int64_t{256} << 20);
  RE2::Set set(options, RE2::UNANCHORED);
  for (const std::string& p : b.patterns) set.Add(p, nullptr);
  if (!set.Compile()) {
    state.SkipWithError("RE2::Set does not compile");
    return;
  }
  std::vector<int> hits;
  size_t i = 0;
  for (auto _ : state) {
    set.Match(b.texts[i++ % b.texts.size()], &hits);
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_RE2Set);

// Baseline: what a user would write first, one PartialMatch per pattern.
void BM_Baseline_PerPattern(benchmark::State& state) {
  const Baseline& b = GetBaseline();
  std::vector<std::unique_ptr<RE2>> res;
  for (const std::string& p : b.patterns) {
    res.push_back(std::make_unique<RE2>(p, BaselineOptions()));
  }
  size_t i = 0;
  for (auto _ : state) {
    const std::string& t = b.texts[i++ % b.texts.size()];
    int hits = 0;
    for (const auto& re : res) hits += RE2::PartialMatch(t, *re);
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_PerPattern);

#ifdef TRIAGE_BENCH_HYPERSCAN
// Baseline: Hyperscan with the pack's patterns compiled in whole (the other
// way to use it, rather than for the literal stage only), match only, on the
// same normalised texts. range(0): how many of the default pack's patterns
// (0: all); range(1): 0 short messages, 1 the 64 KB transcripts, each
// scanned whole (without HS_FLAG_DOTALL no gap crosses a line).
//
// Opt-in (scripts/bench.sh --hs-full): compiling the whole pack takes
// minutes. Each pattern gets HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH |
// HS_FLAG_ALLOWEMPTY; a pattern Hyperscan rejects is tried again with
// HS_FLAG_PREFILTER (an approximation matching a superset), and left out
// when that fails too. The database is kept in $TRIAGE_HS_FULL_DIR, named by
// a fingerprint of the patterns and the Hyperscan version.
struct FullDatabase {
  hs_database_t* db = nullptr;
  std::string error;  // when db is null
  int compiled = 0, approximated = 0, left_out = 0;
  double compile_seconds = 0;  // 0: loaded from the directory
  size_t bytes = 0;
};

FullDatabase CompileFull(const std::vector<std::string>& patterns) {
  FullDatabase out;
  const unsigned base = HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < patterns.size(); ++i) {
    unsigned f = base;
    bool ok = false;
    for (int attempt = 0; attempt < 2 && !ok; ++attempt) {
      if (attempt == 1) f |= HS_FLAG_PREFILTER;
      hs_database_t* one = nullptr;
      hs_compile_error_t* err = nullptr;
      ok = hs_compile(patterns[i].c_str(), f, HS_MODE_BLOCK, nullptr, &one,
                      &err) == HS_SUCCESS;
      if (ok) hs_free_database(one);
      hs_free_compile_error(err);
    }
    if (!ok) {
      ++out.left_out;
      continue;
    }
    out.approximated += (f & HS_FLAG_PREFILTER) != 0;
    exprs.push_back(patterns[i].c_str());
    flags.push_back(f);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &out.db, &err) != HS_SUCCESS) {
    out.error = err != nullptr ? err->message : "hs_compile_multi failed";
    hs_free_compile_error(err);
    out.db = nullptr;
  }
  out.compiled = static_cast<int>(exprs.size());
  out.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return out;
}

// The database for the first `n` patterns, from the directory or compiled
// (and written there).
const FullDatabase& FullDatabaseFor(size_t n, const std::string& dir) {
  static auto* cache = new std::map<size_t, FullDatabase>;
  auto found = cache->find(n);
  if (found != cache->end()) return found->second;
  const std::vector<std::string>& all = GetBaseline().patterns;
  const std::vector<std::string> patterns(
      all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
  triage::internal::Fingerprint fp;
  fp.Add(hs_version());
  for (const std::string& p : patterns) fp.Add(p);
  char name[64];
  std::snprintf(name, sizeof(name), "/hs-full-%016llx.db",
                static_cast<unsigned long long>(fp.digest()));
  const std::string path = dir + name;
  FullDatabase db;
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  // The counts are kept after the database: three ints.
  int counts[3];
  if (bytes.size() > sizeof(counts)) {
    const size_t size = bytes.size() - sizeof(counts);
    std::memcpy(counts, bytes.data() + size, sizeof(counts));
    if (hs_deserialize_database(bytes.data(), size, &db.db) == HS_SUCCESS) {
      db.compiled = counts[0];
      db.approximated = counts[1];
      db.left_out = counts[2];
    } else {
      db.db = nullptr;
    }
  }
  if (db.db == nullptr) {
    db = CompileFull(patterns);
    char* out = nullptr;
    size_t length = 0;
    if (db.db != nullptr &&
        hs_serialize_database(db.db, &out, &length) == HS_SUCCESS) {
      std::ofstream file(path, std::ios::binary);
      file.write(out, static_cast<std::streamsize>(length));
      const int written[3] = {db.compiled, db.approximated, db.left_out};
      file.write(reinterpret_cast<const char*>(written), sizeof(written));
      std::free(out);
    }
  }
  if (db.db != nullptr) hs_database_size(db.db, &db.bytes);
  return cache->emplace(n, std::move(db)).first->second;
}

void BM_Baseline_HyperscanFull(benchmark::State& state) {
  const char* dir = std::getenv("TRIAGE_HS_FULL_DIR");
  if (dir == nullptr || *dir == '\0') {
    state.SkipWithError(
        "opt-in: TRIAGE_HS_FULL_DIR (scripts/bench.sh --hs-full)");
    return;
  }
  const Baseline& b = GetBaseline();
  const size_t n = state.range(0) == 0
                       ? b.patterns.size()
                       : std::min<size_t>(state.range(0), b.patterns.size());
  const FullDatabase& db = FullDatabaseFor(n, dir);
  if (db.db == nullptr) {
    state.SkipWithError(db.error.c_str());
    return;
  }
  static const auto* transcripts = [] {
    auto* out = new std::vector<std::string>;
    auto normalizer = triage::Normalizer::Create();
    for (uint32_t seed = 1; seed <= 16; ++seed) {
      out->push_back(
          (*normalizer)
              ->NormalizeText(triage_bench::Transcript(64 << 10, seed)));
    }
    return out;
  }();
  const std::vector<std::string>& texts =
      state.range(1) == 0 ? b.texts : *transcripts;
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db.db, &scratch) != HS_SUCCESS) {
    state.SkipWithError("hs_alloc_scratch failed");
    return;
  }
  auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned,
                     void* ctx) -> int {
    ++*static_cast<size_t*>(ctx);
    return 0;
  };
  size_t i = 0, bytes = 0, matches = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    hs_scan(db.db, t.data(), static_cast<unsigned>(t.size()), 0, scratch,
            on_match, &matches);
    bytes += t.size();
  }
  hs_free_scratch(scratch);
  benchmark::DoNotOptimize(matches);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
  state.counters["patterns"] = static_cast<double>(n);
  state.counters["compiled"] = db.compiled;
  state.counters["approximated"] = db.approximated;
  state.counters["left_out"] = db.left_out;
  state.counters["db_mb"] = static_cast<double>(db.bytes) / (1 << 20);
  state.counters["compile_s"] = db.compile_seconds;
}
BENCHMARK(BM_Baseline_HyperscanFull)->ArgsProduct({{300, 0}, {0, 1}});
#endif  // TRIAGE_BENCH_HYPERSCAN

// Scaling: the default pack cut or replicated to range(0) patterns.
void BM_Classify_PackSize(benchmark::State& state) {
  auto pack = triage::RulePack::Parse(
      triage_bench::ScaledPackToml(*DefaultPack(), state.range(0)), "scaled");
  if (!pack.ok()) {
    state.SkipWithError(std::string(pack.status().message()).c_str());
    return;
  }
  auto c = Make(std::move(*pack), static_cast<triage::Backend>(state.range(1)));
  RunShort(state, c.get());
  state.counters["patterns"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_Classify_PackSize)
    ->ArgsProduct({{300, 600, 1200},
                   {static_cast<int>(triage::Backend::kRe2),
                    static_cast<int>(triage::Backend::kHyperscan)}});

// Times Create of `pack` with `options`. With `cache_dir`, in that
// directory, emptied first and filled by a Create outside the timed loop.
void TimeCreate(benchmark::State& state,
                std::shared_ptr<const triage::RulePack> pack,
                triage::ClassifierOptions options,
                const std::string& cache_dir = "") {
  if (!cache_dir.empty()) {
    std::filesystem::remove_all(cache_dir);
    std::filesystem::create_directories(cache_dir);
    options.cache_dir = cache_dir;
  }
  if (!triage::Classifier::Create(pack, options).ok()) {
    state.SkipWithError("Create failed (backend not built?)");
    return;
  }
  for (auto _ : state) {
    auto c = triage::Classifier::Create(pack, options);
    benchmark::DoNotOptimize(c);
  }
  if (!cache_dir.empty()) std::filesystem::remove_all(cache_dir);
}

void BM_Create(benchmark::State& state) {
  triage::ClassifierOptions options;
  options.backend = static_cast<triage::Backend>(state.range(0));
  TimeCreate(state, DefaultPack(), options);
}
BENCHMARK(BM_Create)
    ->Arg(static_cast<int>(triage::Backend::kRe2))
    ->Arg(static_cast<int>(triage::Backend::kHyperscan))
    ->Unit(benchmark::kMillisecond);

// Create with the Hyperscan backend loading its database from a cache
// directory.
void BM_CreateHyperscanCached(benchmark::State& state) {
  triage::ClassifierOptions options;
  options.backend = triage::Backend::kHyperscan;
  TimeCreate(state, DefaultPack(), options, "/tmp/triage_bench_hs_cache");
}
BENCHMARK(BM_CreateHyperscanCached)->Unit(benchmark::kMillisecond);

// Create for a pack of the default pack's size that is not the default pack
// (so no plan is built into the library for it): planned every time
// (range(0) 0), or with the plan loaded from a cache directory (1).
void BM_CreateOtherPack(benchmark::State& state) {
  auto pack = triage::RulePack::Parse(
      triage_bench::ScaledPackToml(*DefaultPack(),
                                   triage_bench::PatternCount(*DefaultPack())),
      "other");
  if (!pack.ok()) {
    state.SkipWithError(std::string(pack.status().message()).c_str());
    return;
  }
  TimeCreate(state, std::move(*pack), triage::ClassifierOptions(),
             state.range(0) == 1 ? "/tmp/triage_bench_plan_cache" : "");
}
BENCHMARK(BM_CreateOtherPack)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ParseDefaultPack(benchmark::State& state) {
  for (auto _ : state) {
    auto p = triage::RulePack::Default();
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_ParseDefaultPack)->Unit(benchmark::kMillisecond);

long RssKb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4;  // 4 KiB pages on x86_64
}

// Resident memory added by a classifier with the default pack after it has
// classified the whole corpus (so its DFA caches are warm). Only meaningful
// as the first benchmark of a process (scripts/bench.sh runs it alone):
// memory freed by earlier benchmarks is reused without growing the RSS.
void BM_ClassifierMemory(benchmark::State& state) {
  Corpus();  // Built before the first reading, so it is not counted.
  for (auto _ : state) {
    const long before = RssKb();
    auto pack = triage::RulePack::Default();
    auto c =
        Make(std::move(*pack), static_cast<triage::Backend>(state.range(0)));
    if (c == nullptr) {
      state.SkipWithError("backend not built");
      return;
    }
    for (const std::string& m : Corpus())
      benchmark::DoNotOptimize(c->Classify(m));
    state.counters["rss_mb"] = (RssKb() - before) / 1024.0;
  }
}
BENCHMARK(BM_ClassifierMemory)
    ->Arg(static_cast<int>(triage::Backend::kRe2))
    ->Arg(static_cast<int>(triage::Backend::kHyperscan))
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
