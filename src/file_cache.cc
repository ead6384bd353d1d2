#include "src/file_cache.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "src/str_cat.h"

namespace triage {
namespace internal {

std::string CacheFilePath(const std::string& dir, std::string_view prefix,
                          uint64_t key, std::string_view suffix) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx",
                static_cast<unsigned long long>(key));
  return Cat(dir, "/", prefix, "-", hex, suffix);
}

std::optional<std::string> ReadCacheFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (in.bad() || bytes.empty()) return std::nullopt;
  return bytes;
}

bool WriteCacheFile(const std::string& path, std::string_view bytes) {
  // A name no other writer uses, in this process or another: two Creates
  // of one pack at once each write their own file, and the last rename
  // wins.
  static std::atomic<uint64_t> writes{0};
  const std::string tmp = Cat(path, ".tmp", static_cast<long>(getpid()), ".",
                              writes.fetch_add(1, std::memory_order_relaxed));
  bool ok = false;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    ok = static_cast<bool>(
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())));
    out.close();
    ok = ok && static_cast<bool>(out);
  }
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace internal
}  // namespace triage
