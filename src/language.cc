#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "triage/classifier.h"

namespace triage {

std::string DetectLanguage(std::string_view text) {
  // Chinese users mix in English words ("我的card被decline了"), so a few Han
  // characters outweigh several Latin letters.
  int han = 0;
  int latin = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    if (c < 0x80) {
      latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      continue;
    }
    if (c >= 0x4E00 && c <= 0x9FFF) {  // CJK Unified Ideographs: Han.
      ++han;
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    han += script == USCRIPT_HAN;
    latin += script == USCRIPT_LATIN;
  }
  return han > 0 && han * 3 >= latin ? "zh" : "en";
}

}  // namespace triage
