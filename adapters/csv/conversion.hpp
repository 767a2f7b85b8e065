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

/// Store counters every conversion writes about the events it produced (record_counters):
///   feed.negative_latency_events   events with local_ts < exch_ts (the local clock runs behind
///                                  the exchange's, or the recorder stamped late): written only
///                                  when there are any, with
///   feed.worst_negative_latency_ns the most negative local_ts − exch_ts (ns, < 0);
///   convert.sub_tick_trades        trades kept between ticks (EventFlag::kSubTickPrice), when
///                                  there are any.
inline constexpr const char* kNegativeLatencyEventsCounter = "feed.negative_latency_events";
inline constexpr const char* kWorstNegativeLatencyCounter = "feed.worst_negative_latency_ns";
inline constexpr const char* kSubTickTradesCounter = "convert.sub_tick_trades";

/// Collects events into fixed-size batches before calling the sink, noting on the way the facts
/// about the stream that the store keeps as counters (feed clock, sub-tick trades).
class EventBatcher {
 public:
  EventBatcher(const EventSink& sink, std::size_t batch_events = 64 * 1024);
  void push(const Event& event) {
    const Duration latency = event.local_ts - event.exch_ts;
    if (latency < 0) [[unlikely]] {
      ++negative_latency_events_;
      worst_latency_ = latency < worst_latency_ ? latency : worst_latency_;
    }
    sub_tick_trades_ += has_sub_tick_price(event) ? 1 : 0;
    buffer_.push_back(event);
    if (buffer_.size() == batch_events_) flush();
  }
  void flush();
  std::int64_t pushed() const { return pushed_ + static_cast<std::int64_t>(buffer_.size()); }
  std::int64_t negative_latency_events() const { return negative_latency_events_; }
  Duration worst_latency() const { return worst_latency_; }
  std::int64_t sub_tick_trades() const { return sub_tick_trades_; }
  /// Adds the feed-clock and sub-tick counters above to `stats`.
  void record_counters(ConversionStats& stats) const;

 private:
  const EventSink& sink_;
  std::size_t batch_events_;
  std::vector<Event> buffer_;
  std::int64_t pushed_ = 0;
  std::int64_t negative_latency_events_ = 0;
  Duration worst_latency_ = 0;
  std::int64_t sub_tick_trades_ = 0;
};

/// Copies the repair counts of `repairs` into `stats` ("repairs.<kind>" counters and one example
/// row per kind), the form the store's attributes and `tilt info` show.
void record_repairs(const Repairs& repairs, ConversionStats& stats);

}  // namespace tilt::adapters
