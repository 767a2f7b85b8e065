// The discrete-event clock: which thing happens next.
//
// Three sources feed the simulator: market data at the venue (each event at its exch_ts), the same
// market data at the strategy (each event at its local_ts, FIFO), and a small priority queue of
// pending events the simulation itself creates (orders arriving at the venue, updates arriving at
// the strategy, timers). EventPicker chooses among the three heads by the key
//
//     (time, source priority, sequence)
//
// with the priorities of EventSource below, so that ties always break the same way:
//   1. exchange_data   at equal time the venue applies market data before our order arrives, so an
//                      order never trades against a level that the data changes in the same
//                      instant;
//   2. order_arrival   our requests reach the venue;
//   3. local_data      the strategy sees market data ...
//   4. order_response  ... before venue updates stamped with the same local time;
//   5. timer           timers fire last, after everything else known at that instant.
// Within the pending queue, equal (time, priority) pop in insertion order (`sequence`). Market data
// keeps file order within each of its two sources.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "tilt/sim/order.hpp"
#include "tilt/types.hpp"

namespace tilt {

inline constexpr Timestamp kNever = std::numeric_limits<Timestamp>::max();

enum class EventSource : std::uint8_t {
  exchange_data = 0,
  order_arrival = 1,
  local_data = 2,
  order_response = 3,
  timer = 4,
  none = 5,  ///< nothing left
};

/// One pending event of one strategy instance. `request` is set for arrivals, `update` for
/// responses, `timer` for timers.
struct PendingEvent {
  Timestamp time = 0;
  EventSource source = EventSource::timer;
  std::uint32_t instance = 0;
  std::uint64_t sequence = 0;
  OrderRequest request;
  OrderUpdate update;
  TimerId timer;
  Duration ack_latency = 0;  ///< arrivals: response latency of the immediate answer
};

/// Min-heap of pending events by (time, source, sequence). The heap orders 24-byte keys; the
/// 160-byte events stay put in a slab of slots (reused through a free list) from push to pop, so a
/// sift moves keys, not events: an order's life is four or more pushes and pops, and a market
/// maker sends hundreds of thousands of orders per run. Allocation-free once the slab and the heap
/// have reached the largest number of events in flight.
class EventQueue {
 public:
  EventQueue() {
    heap_.reserve(256);
    slots_.reserve(256);
    free_.reserve(256);
  }

  void push(const PendingEvent& event) {
    std::uint32_t slot = 0;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(event);
    } else {
      slot = free_.back();
      free_.pop_back();
      slots_[slot] = event;
    }
    const std::uint64_t sequence = next_sequence_++;
    slots_[slot].sequence = sequence;
    heap_.push_back(Key{event.time, sequence, event.source, slot});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const PendingEvent& top() const { return slots_[heap_.front().slot]; }
  /// The top's time and source from the heap key alone (the picker asks on every event; reading
  /// the key does not touch the event's slot).
  Timestamp top_time() const { return heap_.front().time; }
  EventSource top_source() const { return heap_.front().source; }
  PendingEvent pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const std::uint32_t slot = heap_.back().slot;
    heap_.pop_back();
    free_.push_back(slot);
    return slots_[slot];
  }
  void clear() {
    heap_.clear();
    slots_.clear();
    free_.clear();
  }

 private:
  struct Key {
    Timestamp time;
    std::uint64_t sequence;
    EventSource source;
    std::uint32_t slot;  ///< index into slots_
  };
  static_assert(sizeof(Key) == 24);

  static bool later(const Key& a, const Key& b) {
    if (a.time != b.time) return a.time > b.time;
    if (a.source != b.source) return a.source > b.source;
    return a.sequence > b.sequence;
  }
  std::vector<Key> heap_;
  std::vector<PendingEvent> slots_;
  std::vector<std::uint32_t> free_;  ///< slots_ indices not in use
  std::uint64_t next_sequence_ = 0;
};

/// Picks the next source from the three heads' times (kNever when a head is empty).
struct EventPicker {
  static EventSource pick(Timestamp exchange_data, Timestamp local_data, const EventQueue& queue) {
    Timestamp best_time = exchange_data;
    EventSource best = exchange_data == kNever ? EventSource::none : EventSource::exchange_data;
    if (!queue.empty()) {
      const Timestamp time = queue.top_time();
      const EventSource source = queue.top_source();
      if (time < best_time || (time == best_time && source < best)) {
        best_time = time;
        best = source;
      }
    }
    if (local_data != kNever &&
        (local_data < best_time || (local_data == best_time && EventSource::local_data < best))) {
      best = EventSource::local_data;
    }
    return best;
  }
};

}  // namespace tilt
