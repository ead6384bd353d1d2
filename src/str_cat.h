// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat does not take std::string_view. Cat
// converts those arguments and forwards the rest.
#ifndef TRIAGE_SRC_STR_CAT_H_
#define TRIAGE_SRC_STR_CAT_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace triage {
namespace internal {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
template <typename T>
const T& ToAbsl(const T& v) {
  return v;
}
inline absl::string_view ToAbsl(const char* s) { return absl::string_view(s); }

template <typename... Args>
std::string Cat(const Args&... args) {
  return absl::StrCat(ToAbsl(args)...);
}

inline std::string_view ToStd(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace internal
}  // namespace triage

#endif  // TRIAGE_SRC_STR_CAT_H_
