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

/// A request on its way to the venue, and the response latency of the venue's immediate answer
/// (ack, reject, fills on arrival), drawn when the request was sent.
struct OrderArrival {
  OrderRequest request;
  Duration ack_latency = 0;
};

/// A timer on its way to the strategy: `interval` > 0 re-arms it at scheduled + interval after
/// each firing until it is cancelled (tilt/sim/strategy_services.hpp keeps which are live).
struct PendingTimer {
  TimerId id;
  std::uint64_t payload = 0;
  Timestamp scheduled = 0;  ///< local time it fires at
  Duration interval = 0;    ///< 0: fires once
};

/// One pending event of one strategy instance: `arrival` for order_arrival, `update` for
/// order_response, `timer` for timer (a union: an order's life is four or more of these, so the
/// slot holds only the largest payload, not all three).
struct PendingEvent {
  Timestamp time = 0;
  EventSource source = EventSource::timer;
  std::uint32_t instance = 0;
  union {
    OrderArrival arrival;
    OrderUpdate update;
    PendingTimer timer;
  };

  PendingEvent() : timer{} {}
};

/// Min-heap of pending events by (time, source, sequence). The heap orders 24-byte keys; the events
/// stay put in a slab of slots (reused through a free list) from push to pop, so a sift moves keys,
/// not events: an order's life is four or more pushes and pops, and a market maker sends hundreds
/// of thousands of orders per run. Allocation-free once the slab and the heap have reached the
/// largest number of events in flight. Everything here is inline: it runs several times per order.
class EventQueue {
 public:
  EventQueue() {
    heap_.reserve(256);
    slots_.reserve(256);
    free_.reserve(256);
  }

  // The typed pushes return the new event's payload for the caller to fill in place (field by
  // field: a request or update built on the stack and copied in whole made the copy wait on a
  // store-forwarding stall). The reference is valid until the next push.
  OrderArrival& push_arrival(Timestamp time, std::uint32_t instance) {
    return emplace(time, EventSource::order_arrival, instance).arrival;
  }
  OrderUpdate& push_response(Timestamp time, std::uint32_t instance) {
    return emplace(time, EventSource::order_response, instance).update;
  }
  void push_timer(Timestamp time, std::uint32_t instance, const PendingTimer& timer) {
    emplace(time, EventSource::timer, instance).timer = timer;
  }
  void push_timer(Timestamp time, std::uint32_t instance, TimerId timer) {
    push_timer(time, instance, PendingTimer{timer, 0, time, 0});
  }

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const PendingEvent& top() const { return slots_[heap_.front().slot]; }
  /// The top's time and source from the heap key alone (the picker asks on every event; reading
  /// the key does not touch the event's slot).
  Timestamp top_time() const { return heap_.front().time; }
  /// The top's time, kNever when empty (one load: the loop asks after every event).
  Timestamp next_time() const { return next_time_; }
  EventSource top_source() const { return static_cast<EventSource>(heap_.front().rank >> 56); }
  /// Removes the top and returns it (a copy: handling it may push events into its slot).
  PendingEvent pop() {
    const std::uint32_t slot = heap_.front().slot;
    const Key last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    next_time_ = heap_.empty() ? kNever : heap_.front().time;
    free_.push_back(slot);
    return slots_[slot];
  }
  void clear() {
    heap_.clear();
    slots_.clear();
    free_.clear();
    next_time_ = kNever;
  }

 private:
  struct Key {
    Timestamp time;
    std::uint64_t rank;  ///< source << 56 | sequence (< 2^56): the tie-breaks in one integer
    std::uint32_t slot;  ///< index into slots_
  };
  static_assert(sizeof(Key) == 24);

  /// A free slot keyed (time, source, next sequence), returned for the caller to fill.
  PendingEvent& emplace(Timestamp time, EventSource source, std::uint32_t instance) {
    std::uint32_t slot = 0;
    if (!free_.empty()) [[likely]] {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = grow();
    }
    PendingEvent& p = slots_[slot];
    p.time = time;
    p.source = source;
    p.instance = instance;
    const std::uint64_t rank = static_cast<std::uint64_t>(source) << 56 | next_sequence_++;
    heap_.emplace_back();
    sift_up(heap_.size() - 1, Key{time, rank, slot});
    next_time_ = heap_.front().time;
    return p;
  }
  [[gnu::noinline]] std::uint32_t grow() {
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }

  static bool later(const Key& a, const Key& b) {
    return a.time != b.time ? a.time > b.time : a.rank > b.rank;
  }
  /// Moves `key` from the hole at `i` towards the root (std::push_heap, without its temporaries).
  void sift_up(std::size_t i, Key key) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!later(heap_[parent], key)) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = key;
  }
  /// Places `key` from the hole at the root downwards (std::pop_heap's second half).
  void sift_down(Key key) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && later(heap_[child], heap_[child + 1])) ++child;
      if (!later(key, heap_[child])) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = key;
  }
  std::vector<Key> heap_;
  std::vector<PendingEvent> slots_;
  std::vector<std::uint32_t> free_;  ///< slots_ indices not in use
  std::uint64_t next_sequence_ = 0;
  Timestamp next_time_ = kNever;  ///< heap_.front().time, kNever when empty
};

/// Picks the next source from the three heads' times (kNever when a head is empty): the least
/// (time, source). Exchange data wins every tie, so it goes first when no head is earlier; the
/// pending head's source is read only when it ties with local data.
struct EventPicker {
  static EventSource pick(Timestamp exchange_data, Timestamp local_data, const EventQueue& queue) {
    const Timestamp pending = queue.next_time();
    if (exchange_data != kNever && exchange_data <= local_data && exchange_data <= pending) {
      return EventSource::exchange_data;
    }
    if (local_data != kNever &&
        (local_data < pending ||
         (local_data == pending && queue.top_source() > EventSource::local_data))) {
      return EventSource::local_data;
    }
    return queue.empty() ? EventSource::none : queue.top_source();
  }
};

}  // namespace tilt
