// Configs must be UTF-8: the byte-level check (core/src/text/utf8.hpp) against hand-made
// sequences, and the error a run, sweep or study config with a bad byte gets.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>

#include "core/src/text/utf8.hpp"
#include "support/temp_dir.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/study/study_config.hpp"
#include "tilt/sweep/sweep_config.hpp"

namespace tilt {
namespace {

using text::find_invalid_utf8;

TEST(Utf8, ValidTextOfEveryLengthPasses) {
  EXPECT_FALSE(find_invalid_utf8(""));
  EXPECT_FALSE(find_invalid_utf8("plain ascii\n"));
  EXPECT_FALSE(find_invalid_utf8("caf\xc3\xa9"));             // é, 2 bytes
  EXPECT_FALSE(find_invalid_utf8("\xe2\x82\xac 5"));          // €, 3 bytes
  EXPECT_FALSE(find_invalid_utf8("\xf0\x9f\x93\x88 chart"));  // U+1F4C8, 4 bytes
  EXPECT_FALSE(
      find_invalid_utf8("\xef\xbb\xbf"
                        "data:\n"));  // a UTF-8 byte-order mark
  EXPECT_FALSE(
      find_invalid_utf8("\xed\x9f\xbf \xee\x80\x80"));  // U+D7FF and U+E000, around the surrogates
  EXPECT_FALSE(find_invalid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
}

struct Bad {
  const char* text;
  int line, column;
  unsigned byte;
};

TEST(Utf8, InvalidSequencesAreFoundWithLineColumnAndByte) {
  const Bad cases[] = {
      {"\xff", 1, 1, 0xff},                   // never valid
      {"ab\x80", 1, 3, 0x80},                 // continuation without a lead
      {"x: 1\ny: caf\xc3", 2, 7, 0xc3},       // truncated at the end
      {"x: 1\ny: caf\xc3(", 2, 7, 0x28},      // lead followed by a non-continuation
      {"\xc0\xaf", 1, 1, 0xc0},               // overlong '/'
      {"\xe0\x80\xaf", 1, 1, 0x80},           // overlong 3-byte '/'
      {"\xf0\x80\x80\xaf", 1, 1, 0x80},       // overlong 4-byte
      {"\xed\xa0\x80", 1, 1, 0xa0},           // U+D800, a UTF-16 surrogate
      {"\xf4\x90\x80\x80", 1, 1, 0x90},       // U+110000, above the last code point
      {"\xf5\x80\x80\x80", 1, 1, 0xf5},       // lead byte beyond F4
      {"\xe2\x82\xac\xe2\x82 ", 1, 2, 0x20},  // € then a cut-off €: column counts characters
      {"a\n\n\xc3\xa9\xc3\xa9\xfe", 3, 3, 0xfe},
  };
  for (const Bad& c : cases) {
    const auto problem = find_invalid_utf8(c.text);
    ASSERT_TRUE(problem) << c.text;
    EXPECT_EQ(problem->line, c.line) << c.text;
    EXPECT_EQ(problem->column, c.column) << c.text;
    EXPECT_EQ(problem->byte, c.byte) << c.text;
  }
}

TEST(Utf8, ARunConfigWithAnInvalidByteInASignalNameIsAConfigErrorAtItsPosition) {
  const std::string yaml =
      "data: {store: x.h5}\n"
      "signals:\n"
      "  - {type: queue_imbalance, name: qi_\xff}\n"
      "strategy: {name: imbalance_taker}\n";
  try {
    parse_run_config(yaml, "bad.yaml");
    FAIL() << "accepted invalid UTF-8";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "bad.yaml:3:38: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0xff");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 38);
  }
}

TEST(Utf8, ABrokenSequenceNamesItsLeadByte) {
  const auto problem = find_invalid_utf8("# r\xe9sum\xe9\n");
  ASSERT_TRUE(problem);
  EXPECT_EQ(text::describe(*problem),
            "invalid UTF-8 byte 0x73 after 0xe9 (an unfinished multi-byte sequence)");
  EXPECT_EQ(text::describe(*find_invalid_utf8("x\xff")), "invalid UTF-8 byte 0xff");
}

// The sweep and study loaders share the run loader's root parsing, UTF-8 check included.
std::string error_of(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Utf8, SweepAndStudyConfigsWithAnInvalidByteAreConfigErrorsAtItsPosition) {
  EXPECT_EQ(error_of([] { parse_sweep_config("base: run.yaml\nkeep_top: 3 # \xff\n", "s.yaml"); }),
            "s.yaml:2:15: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0xff");
  EXPECT_EQ(error_of([] { study::parse_study_config("horizons: [10, \x80]\n", "t.yaml"); }),
            "t.yaml:1:16: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0x80");
  EXPECT_EQ(error_of([] { parse_sweep_config("- base\n", "s.yaml"); }),
            "s.yaml:1:1: (top level): expected a map with base, space, objective, got a list");
}

std::string config_error(void (*parse)(const std::string&, const std::string&),
                         const std::string& yaml, const std::string& file) {
  return error_of([&] { parse(yaml, file); });
}

// Found by tests/fuzz/fuzz_config: the sweep loader passed a bad byte of its inline base run
// config through to sweep outputs (JSON), where it ended as an internal error.
TEST(Utf8, ASweepWithAnInvalidByteInItsInlineBaseIsAConfigErrorAtItsPosition) {
  const std::string yaml =
      "base:\n"
      "  data: {store: x.h5}\n"
      "  output: {dir: r\x81u}\n"
      "  strategy: {name: imbalance_taker}\n"
      "space: {grid: {seed: [1, 2]}}\n";
  EXPECT_EQ(config_error(
                [](const std::string& y, const std::string& f) { (void)parse_sweep_config(y, f); },
                yaml, "sweep.yaml"),
            "sweep.yaml:3:18: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0x81");
}

TEST(Utf8, ASweepWhoseBaseFileHasAnInvalidByteNamesThatFile) {
  const testing::TempDir dir;
  std::ofstream(dir.file("base.yaml")) << "data: {store: x.h5}\noutput: {dir: \xfe}\n";
  EXPECT_EQ(config_error(
                [](const std::string& y, const std::string& f) { (void)parse_sweep_config(y, f); },
                "base: base.yaml\nspace: {grid: {seed: [1, 2]}}\n", dir.file("sweep.yaml")),
            dir.file("base.yaml") +
                ":2:15: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0xfe");
}

TEST(Utf8, AStudyConfigWithAnInvalidByteIsAConfigErrorAtItsPosition) {
  const std::string yaml =
      "data: {store: x.h5}\n"
      "signals:\n"
      "  - {type: queue_imbalance, name: q\xff}\n";
  EXPECT_EQ(config_error([](const std::string& y,
                            const std::string& f) { (void)study::parse_study_config(y, f); },
                         yaml, "study.yaml"),
            "study.yaml:3:36: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0xff");
}

}  // namespace
}  // namespace tilt
