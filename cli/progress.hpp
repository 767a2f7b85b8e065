// Progress of long work on stderr: a bar redrawn in place on a terminal, a plain line at every 10%
// otherwise (logs, CI), nothing when quiet. Callers throttle how often they call update().
#pragma once

#include <cstdint>
#include <string>

namespace tilt::cli {

class ProgressReporter {
 public:
  ProgressReporter(std::string label, bool quiet);
  /// `fraction` of the work in [0, 1]; `detail` is shown after the percentage ("1,024 rows").
  void update(double fraction, const std::string& detail);
  /// Ends the bar's line (terminal) so later output starts on a fresh line.
  void finish();

 private:
  std::string label_;
  bool quiet_;
  bool terminal_;
  bool drawn_ = false;
  int next_percent_ = 0;
};

/// "1,048,576/2,000,000 events  4.9 M/s  ETA 192 ms"
std::string rate_detail(std::int64_t done, std::int64_t total, const char* unit,
                        double elapsed_seconds);

}  // namespace tilt::cli
