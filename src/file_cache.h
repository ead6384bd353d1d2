// Files a classifier keeps between runs in a caller's cache directory (see
// ClassifierOptions::cache_dir). Best effort: a cache that cannot be read or
// written only means the work is done again.
#ifndef TRIAGE_SRC_FILE_CACHE_H_
#define TRIAGE_SRC_FILE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace triage {
namespace internal {

// `dir`/`prefix`-<key as 16 hex digits>`suffix`.
std::string CacheFilePath(const std::string& dir, std::string_view prefix,
                          uint64_t key, std::string_view suffix);

// The bytes of the file at `path`; nullopt when it cannot be read or is
// empty.
std::optional<std::string> ReadCacheFile(const std::string& path);

// Writes `bytes` to `path` through a temporary file renamed over it, so a
// reader never sees half a file; false when that fails (nothing is left
// behind then).
bool WriteCacheFile(const std::string& path, std::string_view bytes);

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_FILE_CACHE_H_
