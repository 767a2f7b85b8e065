// UTF-8 validation for text that leaves tilt as text (JSON, HTML, HDF5 UTF-8 attributes): the
// writers downstream refuse or mangle invalid bytes, so user-supplied text is checked where it
// enters, with a position the user can find in an editor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tilt::text {

/// Where the first invalid UTF-8 sequence starts.
struct Utf8Problem {
  std::size_t offset;  ///< byte offset into the text
  int line;            ///< 1-based; lines end at '\n'
  int column;          ///< 1-based, counted in characters (code points), as editors and YAML do
  std::uint8_t byte;   ///< the first byte that cannot be part of valid UTF-8 here
  std::uint8_t lead;   ///< the sequence's first byte (== byte when the lead itself is at fault)
};

/// The first invalid sequence in `text` by the rules of RFC 3629: no stray continuation bytes, no
/// truncated sequences, no overlong encodings, no UTF-16 surrogates, nothing above U+10FFFF.
std::optional<Utf8Problem> find_invalid_utf8(std::string_view text);

/// "invalid UTF-8 byte 0xff" for error messages; "invalid UTF-8 byte 0x73 after 0xe9 (an unfinished
/// multi-byte sequence)" when the byte breaks the sequence a lead byte began (Latin-1 text).
std::string describe(const Utf8Problem& problem);

}  // namespace tilt::text
