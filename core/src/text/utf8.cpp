#include "text/utf8.hpp"

#include <cstdio>

namespace tilt::text {
namespace {

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Length of the valid sequence starting at text[i], or 0 when it is invalid. `bad` receives the
// offending byte (the lead byte, or the first byte that breaks the sequence).
std::size_t sequence_length(std::string_view text, std::size_t i, std::size_t& bad) {
  const auto lead = static_cast<unsigned char>(text[i]);
  bad = i;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  // Bounds of the second byte rule out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;  // a continuation byte without a lead, C0/C1 (always overlong), or F5..FF
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) return 0;  // truncated at the end of the text: the lead is at fault
    const auto c = static_cast<unsigned char>(text[i + k]);
    const bool ok = k == 1 ? (c >= low && c <= high) : is_continuation(c);
    if (!ok) {
      bad = i + k;
      return 0;
    }
  }
  return length;
}

}  // namespace

std::optional<Utf8Problem> find_invalid_utf8(std::string_view text) {
  int line = 1;
  int column = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t bad = 0;
    const std::size_t length = sequence_length(text, i, bad);
    if (length == 0) {
      // The column of the sequence's start: that is where the user's cursor has to go.
      return Utf8Problem{i, line, column, static_cast<std::uint8_t>(text[bad]),
                         static_cast<std::uint8_t>(text[i])};
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

std::string describe(const Utf8Problem& problem) {
  char text[96];
  if (problem.byte == problem.lead) {
    std::snprintf(text, sizeof text, "invalid UTF-8 byte 0x%02x",
                  static_cast<unsigned>(problem.byte));
  } else {
    std::snprintf(text, sizeof text,
                  "invalid UTF-8 byte 0x%02x after 0x%02x (an unfinished multi-byte sequence)",
                  static_cast<unsigned>(problem.byte), static_cast<unsigned>(problem.lead));
  }
  return text;
}

}  // namespace tilt::text
