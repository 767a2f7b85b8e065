// Small vocabulary shared by the strategy API (tilt/strategy.hpp) and the engine's strategy side
// (tilt/sim/context.hpp): client order tags and log levels.
#pragma once

#include <cstdint>
#include <string_view>

namespace tilt {

/// A number the strategy chooses for an order at submit (0 = none). Orders and updates carry it;
/// find_order(tag) finds the most recent order submitted with it.
using ClientTag = std::uint64_t;

/// Severity of a strategy's log line in run.log.
enum class LogLevel : std::uint8_t { debug, info, warning, error };
std::string_view to_string(LogLevel level);

}  // namespace tilt
