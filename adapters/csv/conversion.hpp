// What every vendor conversion hands back and how it reports progress: the plumbing shared by the
// Tardis and LOBSTER converters and `tilt convert`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "adapters/csv/policy.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters {

/// Receives converted events in time order, in batches.
using EventSink = std::function<void(std::span<const Event>)>;

struct Progress {
  std::int64_t bytes_done = 0;  ///< bytes of the input files on disk consumed so far
  std::int64_t bytes_total = 0;
  std::int64_t rows = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

struct ConversionStats {
  std::int64_t rows_read = 0;  ///< data rows (headers excluded) over all input files
  std::int64_t events_written = 0;
  std::int64_t text_bytes = 0;  ///< uncompressed CSV bytes read
  std::int64_t file_bytes = 0;  ///< bytes on disk read
  /// Store counters: "repairs.<kind>" for every repair kind that occurred, plus source-specific
  /// facts ("lobster.reconciled_levels", ...).
  std::map<std::string, std::int64_t> counters;
  /// First message of each repair kind, for the summary ("repairs.<kind>" -> message).
  std::map<std::string, std::string> repair_examples;
};

/// Collects events into fixed-size batches before calling the sink.
class EventBatcher {
 public:
  EventBatcher(const EventSink& sink, std::size_t batch_events = 64 * 1024);
  void push(const Event& event) {
    buffer_.push_back(event);
    if (buffer_.size() == batch_events_) flush();
  }
  void flush();
  std::int64_t pushed() const { return pushed_ + static_cast<std::int64_t>(buffer_.size()); }

 private:
  const EventSink& sink_;
  std::size_t batch_events_;
  std::vector<Event> buffer_;
  std::int64_t pushed_ = 0;
};

/// Copies the repair counts of `repairs` into `stats` ("repairs.<kind>" counters and one example
/// row per kind), the form the store's attributes and `tilt info` show.
void record_repairs(const Repairs& repairs, ConversionStats& stats);

}  // namespace tilt::adapters
