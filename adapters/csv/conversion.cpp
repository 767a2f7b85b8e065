#include "adapters/csv/conversion.hpp"

namespace tilt::adapters {

EventBatcher::EventBatcher(const EventSink& sink, std::size_t batch_events)
    : sink_(sink), batch_events_(batch_events) {
  buffer_.reserve(batch_events_);
}

void EventBatcher::flush() {
  if (buffer_.empty()) return;
  sink_(std::span<const Event>(buffer_.data(), buffer_.size()));
  pushed_ += static_cast<std::int64_t>(buffer_.size());
  buffer_.clear();
}

void EventBatcher::record_counters(ConversionStats& stats) const {
  if (sub_tick_trades_ > 0) stats.counters[kSubTickTradesCounter] = sub_tick_trades_;
  if (negative_latency_events_ == 0) return;
  stats.counters[kNegativeLatencyEventsCounter] = negative_latency_events_;
  stats.counters[kWorstNegativeLatencyCounter] = worst_latency_;
}

void record_repairs(const Repairs& repairs, ConversionStats& stats) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(RepairKind::count_); ++i) {
    const auto kind = static_cast<RepairKind>(i);
    if (repairs.count_of(kind) == 0) continue;
    const std::string key = "repairs." + std::string(to_string(kind));
    stats.counters[key] = repairs.count_of(kind);
    stats.repair_examples[key] = repairs.example(kind);
  }
}

}  // namespace tilt::adapters
