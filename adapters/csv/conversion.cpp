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

}  // namespace tilt::adapters
