// A FIFO of market-data events waiting for their local time: filled as the exchange side applies
// them, drained as the strategy side receives them. Its length is the number of events in flight
// within the feed latency; it grows (doubling) to the largest such number and then never allocates.
//
// Venue messages: the exchange side, which sees where each message ends, records its length
// (end_message) in a parallel array at the slot of the message's first event, so the strategy
// side takes a whole message (front_message_size) without comparing times event by event, a
// branch as unpredictable as the number of events per message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "tilt/types.hpp"

namespace tilt {

class EventRing {
 public:
  EventRing() : slots_(1024), message_sizes_(1024), mask_(slots_.size() - 1) {}
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const Event& front() const { return slots_[head_]; }
  /// The front's local time, kNever when empty. Without a branch: the front slot always exists,
  /// and whether the ring is empty changes from one event to the next (a coin toss to predict).
  Timestamp front_time(Timestamp never) const {
    const Timestamp t = slots_[head_].local_ts;
    return size_ == 0 ? never : t;
  }
  /// Closes the message made of the last n events pushed (n >= 1).
  void end_message(std::size_t n) {
    message_sizes_[(head_ + size_ - n) & mask_] = static_cast<std::uint32_t>(n);
  }
  /// The number of events of the message at the front (closed by end_message).
  std::size_t front_message_size() const { return message_sizes_[head_]; }
  /// The i-th event from the front (i < size()).
  const Event& at(std::size_t i) const { return slots_[(head_ + i) & mask_]; }
  void pop() {
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  /// Removes the first n events (n <= size()).
  void pop(std::size_t n) {
    head_ = (head_ + n) & mask_;
    size_ -= n;
  }
  /// Sets the local_ts of the last n events (n <= size()): a venue message reaches the strategy
  /// whole, at the local time of its last event.
  void restamp_back(std::size_t n, Timestamp local_ts) {
    for (std::size_t i = size_ - n; i < size_; ++i) slots_[(head_ + i) & mask_].local_ts = local_ts;
  }
  void push(const Event& e) { push(e, e.local_ts); }
  /// Appends `e` with its local_ts replaced. The record is copied whole, then the time written
  /// over it: building the changed event on the stack first made the copy wait on a store
  /// forwarding stall (the compiler assembled it from narrow stores and read it back wide).
  void push(const Event& e, Timestamp local_ts) {
    if (size_ > mask_) [[unlikely]]
      grow();
    Event& slot = slots_[(head_ + size_) & mask_];
    std::memcpy(&slot, &e, sizeof(Event));
    slot.local_ts = local_ts;
    ++size_;
  }

 private:
  [[gnu::noinline]] void grow() {
    std::vector<Event> bigger(slots_.size() * 2);
    std::vector<std::uint32_t> bigger_sizes(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) {
      bigger[i] = slots_[(head_ + i) & mask_];
      bigger_sizes[i] = message_sizes_[(head_ + i) & mask_];
    }
    slots_.swap(bigger);
    message_sizes_.swap(bigger_sizes);
    mask_ = slots_.size() - 1;
    head_ = 0;
  }
  std::vector<Event> slots_;  ///< power-of-two size
  /// At a message's first slot: its number of events (end_message); other slots unused.
  std::vector<std::uint32_t> message_sizes_;
  std::size_t mask_;  ///< slots_.size() - 1
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace tilt
