// Small helpers for human-readable CLI output (times, counts, rates).
#pragma once

#include <string>

#include "tilt/types.hpp"

namespace tilt::cli {

/// "2023-11-14T22:13:20.123456789Z"
std::string format_timestamp(Timestamp ts);
/// "1.5 s", "250 us", "3 min 20 s"
std::string format_duration(Duration d);
/// 12345678 -> "12,345,678"
std::string format_count(std::int64_t n);

}  // namespace tilt::cli
