#include "triage/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <memory>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace triage {
namespace {

// Strict UTF-8 check: no overlongs, surrogates or code points past U+10FFFF.
bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    int len = c < 0x80           ? 1
              : (c >> 5) == 0x6  ? 2
              : (c >> 4) == 0xE  ? 3
              : (c >> 3) == 0x1E ? 4
                                 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      const unsigned char t = s[i + k];
      if ((t & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (t & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string Hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
    out.push_back(' ');
  }
  return out;
}

class NormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Normalizer>> n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    normalizer_ = *std::move(n);
  }

  NormalizedText Normalize(std::string_view input) const {
    return normalizer_->Normalize(input);
  }

  // The original bytes behind the normalised bytes [begin, end).
  static std::string_view Back(std::string_view original,
                               const NormalizedText& t, size_t begin,
                               size_t end) {
    const Span s = t.ToOriginal({begin, end});
    return original.substr(s.begin, s.end - s.begin);
  }

  std::unique_ptr<Normalizer> normalizer_;
};

TEST_F(NormalizerTest, FullWidthLettersAndDigitsBecomeLowerCaseAscii) {
  EXPECT_EQ(Normalize("ＡＢＣ１２３ｘｙｚ").text, "abc123xyz");
  EXPECT_EQ(Normalize("Withdrawal FAILED").text, "withdrawal failed");
}

TEST_F(NormalizerTest, TraditionalBecomesSimplified) {
  EXPECT_EQ(Normalize("提現").text, "提现");
  EXPECT_EQ(Normalize("銀行卡").text, "银行卡");
  EXPECT_EQ(Normalize("帳號").text,
            "帐号");  // ICU maps 帳 to 帐; packs list both 帐号 and 账号.
  EXPECT_EQ(Normalize("錢").text, "钱");
  EXPECT_EQ(Normalize("我的錢還沒到賬").text, "我的钱还没到账");
}

TEST_F(NormalizerTest, SimplifiedAndAsciiTextIsUnchanged) {
  EXPECT_EQ(Normalize("提现失败 card 1234").text, "提现失败 card 1234");
}

TEST_F(NormalizerTest, WhiteSpaceRunsFoldToOneSpaceAndAreTrimmed) {
  EXPECT_EQ(Normalize("  a \t  b\r\n").text, "a b");
  // Ideographic space (U+3000) and no-break space (U+00A0) are white space.
  EXPECT_EQ(Normalize("提现\xE3\x80\x80\xE3\x80\x80失败\xC2\xA0ok").text,
            "提现 失败 ok");
  EXPECT_EQ(Normalize(" \t \n").text, "");
}

TEST_F(NormalizerTest, WhiteSpaceRunsWithALineBreakFoldToOneNewline) {
  EXPECT_EQ(Normalize("a \t\n  b\r\nc\rd").text, "a\nb\nc\nd");
  // Blank lines and trailing breaks fold away like other white space.
  EXPECT_EQ(Normalize("\n\n用户: 提现失败\n\n\n客服: 请稍等\n").text,
            "用户: 提现失败\n客服: 请稍等");
  // Unicode line and paragraph separators, NEL, \v and \f break lines too.
  EXPECT_EQ(Normalize("a\xE2\x80\xA8"
                      "b\xE2\x80\xA9"
                      "c\xC2\x85"
                      "d\ve\ff")
                .text,
            "a\nb\nc\nd\ne\nf");
  // The break stands for the whole run in the original.
  const NormalizedText n = Normalize("ab \n cd");
  ASSERT_EQ(n.text, "ab\ncd");
  EXPECT_EQ(n.ToOriginal({2, 3}), (Span{2, 5}));
}

// Text already in NFKC_Casefold form skips ICU's normalisation; its byte
// map must still point at the original bytes.
// Normalize lowers A-Z itself in ASCII text rather than asking ICU; that is
// all ICU's NFKC_Casefold does to ASCII, character by character and in a
// row.
TEST(NormalizerAscii, IcuCasefoldsAsciiByLoweringAToZOnly) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  auto icu_fold = [&](const std::string& in) {
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode s = U_ZERO_ERROR;
    nfkc_cf->normalizeUTF8(
        0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())), sink,
        nullptr, s);
    EXPECT_TRUE(U_SUCCESS(s)) << u_errorName(s);
    return out;
  };
  std::string all;
  for (int c = 0; c < 128; ++c) {
    const std::string one(1, static_cast<char>(c));
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                                            : static_cast<char>(c);
    EXPECT_EQ(icu_fold(one), std::string(1, lower)) << "byte " << c;
    all += one;
  }
  std::string lowered = all;
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  EXPECT_EQ(icu_fold(all + all), lowered + lowered);
}

TEST_F(NormalizerTest, UpperCaseAsciiMapsBackByteForByte) {
  const std::string in = "  I CAN'T Pay\tNow ";
  const NormalizedText n = Normalize(in);
  ASSERT_EQ(n.text, "i can't pay now");
  EXPECT_EQ(Back(in, n, 0, 1), "I");
  EXPECT_EQ(Back(in, n, 2, 7), "CAN'T");
  EXPECT_EQ(Back(in, n, 8, 11), "Pay");
  EXPECT_EQ(Back(in, n, 11, 12), "\t");
  EXPECT_EQ(Back(in, n, 12, 15), "Now");
}

TEST_F(NormalizerTest, AlreadyNormalisedTextMapsBackByteForByte) {
  const std::string in = "提现  失败\n\n ok 了";
  const NormalizedText n = Normalize(in);
  ASSERT_EQ(n.text, "提现 失败\nok 了");
  EXPECT_EQ(n.ToOriginal({0, 6}), (Span{0, 6}));      // 提现
  EXPECT_EQ(n.ToOriginal({6, 7}), (Span{6, 8}));      // the two spaces
  EXPECT_EQ(n.ToOriginal({7, 13}), (Span{8, 14}));    // 失败
  EXPECT_EQ(n.ToOriginal({13, 14}), (Span{14, 17}));  // "\n\n "
  EXPECT_EQ(n.ToOriginal({14, 16}), (Span{17, 19}));  // ok
  EXPECT_EQ(n.ToOriginal({17, 20}), (Span{20, 23}));  // 了
}

TEST_F(NormalizerTest, ApostropheMarksBecomeAsciiApostrophe) {
  EXPECT_EQ(Normalize("Don’t").text, "don't");
  EXPECT_EQ(Normalize("can‘t didn`t isnʼt it′s wasn‛t").text,
            "can't didn't isn't it's wasn't");
  EXPECT_EQ(Normalize("I＇m").text, "i'm");  // full-width, through NFKC
  // The folded mark maps back to the original three bytes.
  const std::string input = "don’t";
  const NormalizedText t = Normalize(input);
  ASSERT_EQ(t.text, "don't");
  EXPECT_EQ(Back(input, t, 3, 4), "’");
}

TEST_F(NormalizerTest, EmptyInput) {
  const NormalizedText t = Normalize("");
  EXPECT_EQ(t.text, "");
  EXPECT_TRUE(t.source_begin.empty());
  EXPECT_TRUE(t.source_end.empty());
  EXPECT_EQ(t.ToOriginal({0, 0}), (Span{0, 0}));
}

TEST_F(NormalizerTest, OffsetTablesHaveOneEntryPerOutputByte) {
  const NormalizedText t = Normalize(" 提現\tＡＢＣ  ok ");
  EXPECT_EQ(t.source_begin.size(), t.text.size());
  EXPECT_EQ(t.source_end.size(), t.text.size());
}

TEST_F(NormalizerTest, NormalizeTextMatchesNormalize) {
  const std::string input = "  提現　ＦＡＩＬＥＤ \xFF ok";
  EXPECT_EQ(normalizer_->NormalizeText(input), Normalize(input).text);
}

TEST_F(NormalizerTest, HeaderExampleSpanMapsBackToFullWidthWord) {
  const std::string input = "提現　ＦＡＩＬＥＤ";
  const NormalizedText t = Normalize(input);
  ASSERT_EQ(t.text, "提现 failed");
  EXPECT_EQ(Back(input, t, 7, 13), "ＦＡＩＬＥＤ");
  EXPECT_EQ(t.ToOriginal({7, 13}), (Span{9, 27}));
}

TEST_F(NormalizerTest, ToOriginalMapsTraditionalWordToItsOriginalBytes) {
  const std::string input = "你好，我的銀行卡帳號錯了";
  const NormalizedText t = Normalize(input);
  const size_t pos = t.text.find("银行卡帐号");
  ASSERT_NE(pos, std::string::npos) << t.text;
  EXPECT_EQ(Back(input, t, pos, pos + std::string("银行卡帐号").size()),
            "銀行卡帳號");
}

// Han characters take a path of their own (three bytes, never white space):
// after a white-space run, and whether ICU rewrote the text (the full-width
// comma) or not, they still map back to their own bytes.
TEST_F(NormalizerTest, TraditionalAfterWhiteSpaceMapsBackWithOrWithoutIcu) {
  for (const std::string input : {"提現  銀行卡", "提現，  銀行卡"}) {
    const NormalizedText t = Normalize(input);
    const size_t pos = t.text.find(" 银行卡");
    ASSERT_NE(pos, std::string::npos) << t.text;
    EXPECT_EQ(Back(input, t, pos, pos + 1), "  ");
    EXPECT_EQ(Back(input, t, pos + 1, pos + 10), "銀行卡");
    EXPECT_EQ(Back(input, t, pos + 4, pos + 5), "行");
  }
}

TEST_F(NormalizerTest, ToOriginalSkipsFoldedWhiteSpace) {
  const std::string input = " \t\xE3\x80\x80 提现   失败";
  const NormalizedText t = Normalize(input);
  ASSERT_EQ(t.text, "提现 失败");
  EXPECT_EQ(Back(input, t, 0, 6), "提现");
  EXPECT_EQ(Back(input, t, 7, 13), "失败");
  // The folded space stands for the whole run between the words.
  EXPECT_EQ(Back(input, t, 6, 7), "   ");
  EXPECT_EQ(Back(input, t, 0, t.text.size()), "提现   失败");
}

TEST_F(NormalizerTest, ToOriginalOfPartOfAnExpansionCoversTheWholeSource) {
  // NFKC turns one character into several: U+338F SQUARE KG -> "kg".
  const std::string input = "重\xE3\x8E\x8F";
  const NormalizedText t = Normalize(input);
  ASSERT_EQ(t.text, "重kg");
  EXPECT_EQ(Back(input, t, 3, 4), "\xE3\x8E\x8F");
  EXPECT_EQ(Back(input, t, 3, 5), "\xE3\x8E\x8F");
}

TEST_F(NormalizerTest, EmptySpanMapsToEmptySpan) {
  const std::string input = "  ＡＢ";
  const NormalizedText t = Normalize(input);
  ASSERT_EQ(t.text, "ab");
  const Span s = t.ToOriginal({1, 1});
  EXPECT_EQ(s.begin, s.end);
  const Span at_end = t.ToOriginal({2, 2});
  EXPECT_EQ(at_end.begin, at_end.end);
  EXPECT_EQ(at_end.begin, input.size());
}

TEST_F(NormalizerTest, LoneInvalidByteBecomesReplacementCharacter) {
  const std::string input =
      "ab\xFF"
      "CD";
  const NormalizedText t = Normalize(input);
  EXPECT_TRUE(IsValidUtf8(t.text));
  EXPECT_EQ(t.text,
            "ab\xEF\xBF\xBD"
            "cd");
  EXPECT_EQ(Back(input, t, 2, 5), "\xFF");
  EXPECT_EQ(Back(input, t, 5, 7), "CD");
}

TEST_F(NormalizerTest, TruncatedSequenceBecomesReplacementCharacter) {
  // "提" is E6 8F 90; its first two bytes alone are a truncated sequence.
  const std::string input =
      "\xE6\x8F"
      "提現失敗";
  const NormalizedText t = Normalize(input);
  EXPECT_TRUE(IsValidUtf8(t.text));
  ASSERT_EQ(t.text.rfind("\xEF\xBF\xBD", 0), 0u) << t.text;
  const size_t pos = t.text.find("提现失败");
  ASSERT_NE(pos, std::string::npos) << t.text;
  EXPECT_EQ(Back(input, t, pos, pos + 12), "提現失敗");
  EXPECT_EQ(Back(input, t, 0, pos), "\xE6\x8F");
}

TEST_F(NormalizerTest, TruncatedSequenceAtTheEndDoesNotCrash) {
  const std::string input = "提现\xE5\xA4";
  const NormalizedText t = Normalize(input);
  EXPECT_TRUE(IsValidUtf8(t.text));
  EXPECT_EQ(t.text, "提现\xEF\xBF\xBD");
  EXPECT_EQ(Back(input, t, 0, 6), "提现");
  EXPECT_EQ(Back(input, t, 6, 9), "\xE5\xA4");
}

TEST_F(NormalizerTest, OverlongEncodingIsReplacedNotDecoded) {
  // C0 AF would be an overlong '/'; E0 80 AF likewise. Neither may decode.
  const std::string input = "x\xC0\xAFy\xE0\x80\xAFz";
  const NormalizedText t = Normalize(input);
  EXPECT_TRUE(IsValidUtf8(t.text));
  EXPECT_EQ(t.text.find('/'), std::string::npos);
  EXPECT_NE(t.text.find("\xEF\xBF\xBD"), std::string::npos);
  const size_t y = t.text.find('y');
  const size_t z = t.text.find('z');
  ASSERT_NE(y, std::string::npos);
  ASSERT_NE(z, std::string::npos);
  EXPECT_EQ(Back(input, t, y, y + 1), "y");
  EXPECT_EQ(Back(input, t, z, z + 1), "z");
  EXPECT_EQ(Back(input, t, 1, y), "\xC0\xAF");
  EXPECT_EQ(Back(input, t, y + 1, z), "\xE0\x80\xAF");
}

TEST_F(NormalizerTest, InvalidBytesMixedWithFullWidthAndSpaces) {
  const std::string input = "\xFF  ＦＡＩＬ\xC3  提現\xFE";
  const NormalizedText t = Normalize(input);
  EXPECT_TRUE(IsValidUtf8(t.text));
  EXPECT_EQ(t.source_begin.size(), t.text.size());
  const size_t fail = t.text.find("fail");
  ASSERT_NE(fail, std::string::npos) << t.text;
  EXPECT_EQ(Back(input, t, fail, fail + 4), "ＦＡＩＬ");
  const size_t word = t.text.find("提现");
  ASSERT_NE(word, std::string::npos) << t.text;
  EXPECT_EQ(Back(input, t, word, word + 6), "提現");
}

TEST_F(NormalizerTest, NormalizingIntoAUsedResultReplacesAllOfIt) {
  // Longer and shorter, changed by ICU or not, invalid bytes or not: each
  // result must not depend on what the reused one held before.
  const std::vector<std::string> inputs = {
      "ＡＢＣ　提現失敗\xff了，  怎麼辦？\nsecond line",
      "ok",
      "",
      "提现失败",
      "\xe6\x8f",
      "Withdrawal   FAILED ’twice’"};
  NormalizedText reused;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& input : inputs) {
      normalizer_->Normalize(input, &reused);
      const NormalizedText fresh = Normalize(input);
      EXPECT_EQ(reused.text, fresh.text) << Hex(input);
      EXPECT_EQ(reused.source_begin, fresh.source_begin) << Hex(input);
      EXPECT_EQ(reused.source_end, fresh.source_end) << Hex(input);
    }
  }
}

TEST_F(NormalizerTest, ArbitraryBytesAlwaysGiveValidUtf8AndInRangeOffsets) {
  std::string input;
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    input.clear();
    for (int i = 0; i < 64; ++i) {
      state = state * 1103515245 + 12345;
      input.push_back(static_cast<char>(state >> 16));
    }
    const NormalizedText t = Normalize(input);
    ASSERT_TRUE(IsValidUtf8(t.text)) << Hex(input);
    ASSERT_EQ(t.source_begin.size(), t.text.size());
    for (size_t k = 0; k < t.text.size(); ++k) {
      ASSERT_LT(t.source_begin[k], t.source_end[k])
          << "byte " << k << " of " << Hex(t.text) << " from " << Hex(input);
      ASSERT_LE(t.source_end[k], input.size());
    }
  }
}

}  // namespace
}  // namespace triage
