// A FIFO of market-data events waiting for their local time: filled as the exchange side applies
// them, drained as the strategy side receives them. Its length is the number of events in flight
// within the feed latency; it grows (doubling) to the largest such number and then never allocates.
#pragma once

#include <cstddef>
#include <vector>

#include "tilt/types.hpp"

namespace tilt {

class EventRing {
 public:
  EventRing() : slots_(1024) {}
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const Event& front() const { return slots_[head_]; }
  void pop() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void push(const Event& e) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = e;
    ++size_;
  }

 private:
  void grow() {
    std::vector<Event> bigger(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }
  std::vector<Event> slots_;  ///< power-of-two size
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace tilt
