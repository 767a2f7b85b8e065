// Configs are UTF-8. yaml-cpp passes invalid bytes through into scalars (a signal name, a path),
// where they would fail only at the end of a run, in the JSON writer; every loader checks the raw
// file first so the error names the file, line and column instead.
#pragma once

#include <string>
#include <string_view>

namespace tilt::config_detail {

/// Throws ConfigError "<file>:<line>:<column>: (encoding): expected UTF-8 text, got invalid UTF-8
/// byte 0x.." at the first invalid sequence of `text`, or "<file>:0:0: (file name): ..." when the
/// file's name itself is not UTF-8 (summary.json and the report record it).
void require_utf8(std::string_view text, const std::string& file);

}  // namespace tilt::config_detail
