// Rolling sums over the last K entries or the entries of the last T nanoseconds: the O(1)
// accumulator behind the flow signals.
//
// Sums are int64 and updated by adding the new entry and subtracting evicted ones, which is exact
// (no floating-point drift however long the run). A count window holds exactly K slots, allocated
// once. A time window's ring buffer doubles when it fills, so it allocates only until it has seen
// its busiest span; after that, pushes are allocation-free.
//
// A time window keeps one entry per timestamp: a push at the newest entry's time adds to that
// entry (its values and its count of pushes). Entries with equal times always leave together (an
// entry leaves when its time is at or before the cutoff), so the sums and the count read are those
// of one entry per push; the window holds and evicts fewer entries when several events share a
// time (a venue message's events reach the strategy at one local time).
//
// A time window evicts lazily: push() and expire() record the newest time, and the entries at or
// before it minus the span leave when the window is read (sums(), size()) or its ring is full.
// The sums and count read are those of evicting on every call: entries are in time order, and
// evicting the longest prefix at or before a cutoff once gives what successive evictions with
// non-decreasing cutoffs give (a time that goes back first settles the eviction due so far). The
// eviction loop's exit (0, 1 or 2 entries dropped per event) was mispredicted on most events of
// a 100 ms ofi window (callgrind --branch-sim: 1.0M of 4.7M conditional mispredictions over 1M
// events of configs/default.yaml); now it runs once per read or per ring-full.
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

  /// Adds an entry stamped `ts` (non-decreasing) and evicts what falls out of the window (a time
  /// window lazily, see the top).
  /// Always inline, with the rarer cases out of line: called out of line, the steady path spent
  /// more on saving registers than on its work (callgrind: 43 instructions a call).
  [[gnu::always_inline]] void push(Timestamp ts, const Values& values) {
    if (window_.unit == Window::Unit::events) {
      if (size_ == capacity_) [[likely]] {
        // A full count window (the steady state): the new entry replaces the oldest in place.
        Entry& oldest = entries_[head_];
        for (std::size_t i = 0; i < N; ++i) sums_[i] += values[i] - oldest.values[i];
        oldest = Entry{ts, values, 1};
        if (++head_ == capacity_) head_ = 0;
        return;
      }
      push_filling(ts, values);
      return;
    }
    // A time window: the eviction a time going back settles first, then a push at the newest
    // entry's time joins it; another time takes a new slot (the ring grows out of line).
    advance(ts);
    for (std::size_t i = 0; i < N; ++i) sums_[i] += values[i];
    ++count_;
    if (size_ != 0) {
      Entry& newest = entries_[tail_];
      if (newest.ts == ts) {
        for (std::size_t i = 0; i < N; ++i) newest.values[i] += values[i];
        ++newest.count;
        return;
      }
    }
    if (size_ == capacity_) [[unlikely]]
      make_room();
    std::size_t tail = head_ + size_;
    if (tail >= capacity_) tail -= capacity_;
    entries_[tail] = Entry{ts, values, 1};
    tail_ = tail;
    ++size_;
  }

  /// Time windows: entries stamped at or before now - span are out of the window (dropped when
  /// the window is next read). No-op for count windows.
  void expire(Timestamp now) {
    if (window_.unit == Window::Unit::time) advance(now);
  }

  /// The sums and the number of pushes over the window (a time window evicts what is due first).
  const Values& sums() const {
    evict();
    return sums_;
  }
  std::size_t size() const {
    evict();
    return window_.unit == Window::Unit::time ? static_cast<std::size_t>(count_) : size_;
  }
  const Window& window() const { return window_; }

 private:
  struct Entry {
    Timestamp ts;
    Values values;
    std::int64_t count;  ///< pushes summed into this entry (time windows; 1 in count windows)
  };

  /// push() while a count window fills up.
  [[gnu::noinline]] void push_filling(Timestamp ts, const Values& values) {
    std::size_t tail = head_ + size_;
    if (tail >= capacity_) tail -= capacity_;
    entries_[tail] = Entry{ts, values, 1};
    for (std::size_t i = 0; i < N; ++i) sums_[i] += values[i];
    ++size_;
  }

  /// A full time window: drops what is due, and grows the ring if that freed nothing.
  [[gnu::noinline]] void make_room() {
    evict();
    if (size_ == capacity_) grow();
  }

  /// The newest time a time window has been told; a time before it settles the eviction due at
  /// the later time first (what evicting on every call would have done).
  void advance(Timestamp now) {
    if (now < now_) [[unlikely]]
      evict();
    now_ = now;
  }
  /// Drops the entries at or before now_ - span (time windows; nothing to do for count windows).
  void evict() const {
    if (window_.unit != Window::Unit::time) return;
    const Timestamp cutoff = now_ - window_.span;
    while (size_ != 0 && entries_[head_].ts <= cutoff) pop_front();
  }

  void pop_front() const {
    for (std::size_t i = 0; i < N; ++i) sums_[i] -= entries_[head_].values[i];
    count_ -= entries_[head_].count;
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
    tail_ = size_ - 1;
  }

  Window window_;
  std::vector<Entry> entries_;
  std::size_t capacity_ = 0;  ///< entries_.size(), kept in a member (one load)
  // Mutable: a read evicts what is due (one thread per window, as for SignalSet's cache).
  mutable std::size_t head_ = 0;
  mutable std::size_t size_ = 0;  ///< entries held
  mutable Values sums_{};
  mutable std::int64_t count_ = 0;  ///< time windows: pushes held (the entries' counts summed)
  std::size_t tail_ = 0;            ///< time windows: the newest entry's slot, when size_ != 0
  Timestamp now_ = 0;  ///< time windows: the newest time told (0 before any: nothing to evict)
};

}  // namespace tilt
