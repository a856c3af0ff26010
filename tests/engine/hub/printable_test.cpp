#include "engine/hub/printable.hpp"

#include <gtest/gtest.h>

#include "engine/hub/utf8.hpp"

using namespace tf::engine::hub;

namespace {

TEST(Printable, KeepsOrdinaryTextAndEscapesTheRest) {
  EXPECT_EQ(printable("model.safetensors"), "model.safetensors");
  EXPECT_EQ(printable("日本語"), "日本語");
  EXPECT_EQ(printable("a\nb\tc\rd\\e"), "a\\nb\\tc\\rd\\\\e");
  EXPECT_EQ(printable("\x1b[31m\x7f"), "\\x1b[31m\\x7f");
  EXPECT_EQ(printable("\xff\xc3"), "\\xff\\xc3");
  EXPECT_EQ(printable("x\u202ey\u2066\u0085"), "x\\u{202e}y\\u{2066}\\u{0085}");
}

TEST(Printable, CutsLongText) {
  const std::string text = printable(std::string(1000, 'a'), 10);
  EXPECT_EQ(text, std::string(10, 'a') + "…");
}

TEST(Utf8, DecodesAndRefusesMalformedSequences) {
  EXPECT_TRUE(is_valid_utf8("a\u00e9\u20ac\U0001F600"));
  for (const char* bad : {"\x80", "\xc3", "\xc3\x28", "\xe0\x80\x80", "\xed\xb0\x80",
                          "\xf8\x88\x80\x80\x80", "\xf4\x90\x80\x80"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
  }
  EXPECT_EQ(to_code_points("a\xffé"), (std::u32string{U'a', 0xDCFF, U'é'}));
  EXPECT_TRUE(is_control_character(0x9B));
  EXPECT_FALSE(is_control_character(U'é'));
}

}  // namespace
