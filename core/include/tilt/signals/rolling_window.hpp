// Rolling sums over the last K entries or the entries of the last T nanoseconds: the O(1)
// accumulator behind the flow signals.
//
// Sums are int64 and updated by adding the new entry and subtracting evicted ones, which is exact
// (no floating-point drift however long the run). A count window holds exactly K slots, allocated
// once. A time window's ring buffer doubles when it fills, so it allocates only until it has seen
// its busiest span; after that, pushes are allocation-free.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tilt/types.hpp"

namespace tilt {

/// How far back a flow signal looks: the last `events` events, or events within `span` ns.
struct Window {
  enum class Unit : std::uint8_t { events, time };
  Unit unit = Unit::events;
  std::int64_t events = 100;  ///< used when unit == events; >= 1
  Duration span = 0;          ///< used when unit == time; > 0

  static Window last_events(std::int64_t n) { return Window{Unit::events, n, 0}; }
  static Window last(Duration d) { return Window{Unit::time, 0, d}; }
  /// "100 events" or "100ms"-style text, for names and error messages.
  std::string to_string() const;
};

template <std::size_t N>
class RollingSums {
 public:
  using Values = std::array<std::int64_t, N>;

  explicit RollingSums(Window window) : window_(window) {
    const std::size_t slots =
        window.unit == Window::Unit::events ? static_cast<std::size_t>(window.events) : 64;
    entries_.resize(slots);
    capacity_ = slots;
  }

  /// Adds an entry stamped `ts` (non-decreasing) and evicts what falls out of the window.
  /// Always inline, with the rarer cases out of line: called out of line, the steady path spent
  /// more on saving registers than on its work (callgrind: 43 instructions a call).
  [[gnu::always_inline]] void push(Timestamp ts, const Values& values) {
    if (window_.unit == Window::Unit::events && size_ == capacity_) [[likely]] {
      // A full count window (the steady state): the new entry replaces the oldest in place.
      Entry& oldest = entries_[head_];
      for (std::size_t i = 0; i < N; ++i) sums_[i] += values[i] - oldest.values[i];
      oldest = Entry{ts, values};
      if (++head_ == capacity_) head_ = 0;
      return;
    }
    push_filling(ts, values);
  }

  /// Time windows: drops entries stamped at or before now - span; returns whether any were.
  /// No-op for count windows.
  bool expire(Timestamp now) {
    if (window_.unit != Window::Unit::time) return false;
    const Timestamp cutoff = now - window_.span;
    bool dropped = false;
    while (size_ != 0 && entries_[head_].ts <= cutoff) {
      pop_front();
      dropped = true;
    }
    return dropped;
  }

  const Values& sums() const { return sums_; }
  std::size_t size() const { return size_; }
  const Window& window() const { return window_; }

 private:
  struct Entry {
    Timestamp ts;
    Values values;
  };

  /// push() while a count window fills up, and every push to a time window.
  [[gnu::noinline]] void push_filling(Timestamp ts, const Values& values) {
    if (window_.unit == Window::Unit::time) {
      expire(ts);
      if (size_ == capacity_) grow();
    }
    std::size_t tail = head_ + size_;
    if (tail >= capacity_) tail -= capacity_;
    entries_[tail] = Entry{ts, values};
    for (std::size_t i = 0; i < N; ++i) sums_[i] += values[i];
    ++size_;
  }

  void pop_front() {
    for (std::size_t i = 0; i < N; ++i) sums_[i] -= entries_[head_].values[i];
    if (++head_ == capacity_) head_ = 0;
    --size_;
  }

  void grow() {
    std::vector<Entry> bigger(entries_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) {
      std::size_t j = head_ + i;
      if (j >= entries_.size()) j -= entries_.size();
      bigger[i] = entries_[j];
    }
    entries_.swap(bigger);
    capacity_ = entries_.size();
    head_ = 0;
  }

  Window window_;
  std::vector<Entry> entries_;
  std::size_t capacity_ = 0;  ///< entries_.size(), kept: Entry is 24 bytes, so size() divides
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  Values sums_{};
};

}  // namespace tilt
