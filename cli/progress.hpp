// Progress of long work on stderr: a bar redrawn in place on a terminal, a plain line every few
// seconds otherwise (logs, CI), nothing with --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tilt::cli {

class ProgressReporter {
 public:
  ProgressReporter(std::string label, bool quiet, std::string unit = "events");
  /// `done` of `total` units (events, rows) after `elapsed_seconds`.
  void update(std::int64_t done, std::int64_t total, double elapsed_seconds);
  /// Ends the bar's line (terminal) so later output starts on a fresh line.
  void finish();

 private:
  std::string label_;
  std::string unit_;
  bool quiet_;
  bool terminal_;
  bool drawn_ = false;
  double last_plain_ = -1e9;
};

}  // namespace tilt::cli
