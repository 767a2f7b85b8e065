#include "tilt/sim/strategy_services.hpp"

namespace tilt {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "?";
}

std::string StrategyServices::log_text() const {
  std::string text;
  for (const StrategyLogLine& line : log_) {
    text += "strategy ";
    text += std::to_string(line.local_ts);
    text += ' ';
    text += to_string(line.level);
    text += ' ';
    text += line.message;
    text += '\n';
  }
  if (dropped_log_lines_ > 0) {
    text += "strategy log: " + std::to_string(dropped_log_lines_) + " more lines dropped (limit " +
            std::to_string(kMaxLogLines) + ")\n";
  }
  return text;
}

}  // namespace tilt
