#include "progress.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "command.hpp"
#include "format_util.hpp"

namespace tilt::cli {

ProgressReporter::ProgressReporter(std::string label, bool quiet, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      quiet_(quiet),
      terminal_(stderr_is_terminal()) {}

void ProgressReporter::update(std::int64_t done, std::int64_t total, double elapsed_seconds) {
  if (quiet_) return;
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  const double eta = rate > 0 && done < total ? static_cast<double>(total - done) / rate : 0.0;
  const std::string numbers =
      fmt::format("{}/{} {}  {:.1f} M/s  ETA {}", format_count(done), format_count(total), unit_,
                  rate / 1e6, format_duration(static_cast<Duration>(eta * 1e9)));
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r%s [%s%s] %3.0f%%  %s\x1b[K", label_.c_str(),
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(),
                 fraction * 100, numbers.c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else if (elapsed_seconds - last_plain_ >= 5.0 || done == total) {
    last_plain_ = elapsed_seconds;
    std::fprintf(stderr, "%s: %3.0f%%  %s\n", label_.c_str(), fraction * 100, numbers.c_str());
  }
}

void ProgressReporter::finish() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace tilt::cli
