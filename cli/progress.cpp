#include "progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "command.hpp"
#include "format_util.hpp"

namespace tilt::cli {

ProgressReporter::ProgressReporter(std::string label, bool quiet)
    : label_(std::move(label)), quiet_(quiet), terminal_(stderr_is_terminal()) {}

void ProgressReporter::update(double fraction, const std::string& detail) {
  if (quiet_) return;
  const int percent = static_cast<int>(100 * std::clamp(fraction, 0.0, 1.0));
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::fprintf(stderr, "\r%s [%s%s] %3d%%  %s\x1b[K", label_.c_str(),
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), percent,
                 detail.c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else if (percent >= next_percent_) {
    std::fprintf(stderr, "%s: %3d%%  %s\n", label_.c_str(), percent, detail.c_str());
    next_percent_ = percent / 10 * 10 + 10;
  }
}

void ProgressReporter::finish() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

std::string rate_detail(std::int64_t done, std::int64_t total, const char* unit,
                        double elapsed_seconds) {
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  std::string text = fmt::format("{}/{} {}  {:.1f} M/s", format_count(done), format_count(total),
                                 unit, rate / 1e6);
  if (rate > 0 && done < total) {
    text += "  ETA " +
            format_duration(static_cast<Duration>(static_cast<double>(total - done) / rate * 1e9));
  }
  return text;
}

}  // namespace tilt::cli
