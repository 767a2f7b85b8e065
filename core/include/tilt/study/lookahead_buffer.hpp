// The bounded look-ahead buffer: samples wait here until the forward mid at every horizon is known.
//
// A sample (time, book-message count, mid, each signal's value and code) is pushed when taken;
// each horizon keeps a cursor at the oldest sample it has not reached yet, and since samples are
// taken in time order every cursor only moves forward. A slot is free once every horizon has passed
// it. The buffer holds at most `capacity` samples (rounded up to a power of two) and never grows:
// when it is full a new sample is refused and the study counts it (samples_dropped_lookahead_full),
// so memory is bounded whatever the data. A full buffer means the longest horizon spans more
// samples than the capacity (e.g. a 10-minute horizon sampled on every message of a busy book);
// raise statistics.lookahead_capacity or sample less often.
//
// The arrays are allocated uninitialized (a slot is written in full when pushed), so memory pages
// are touched only as far as the buffer actually fills: a study whose horizons span a few hundred
// samples does not pay for zeroing the whole capacity.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "tilt/types.hpp"

namespace tilt::study {

struct PendingSample {
  Timestamp ts;
  std::int64_t message;  ///< book messages applied when it was taken
  std::int64_t mid2;     ///< bid + ask, ticks (twice the mid, exact)
};

class LookaheadBuffer {
 public:
  LookaheadBuffer(std::size_t signals, std::size_t capacity)
      : signals_(signals),
        capacity_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)),
        mask_(capacity_ - 1),
        samples_(std::make_unique_for_overwrite<PendingSample[]>(capacity_)),
        values_(std::make_unique_for_overwrite<double[]>(capacity_ * signals)),
        ranks_(std::make_unique_for_overwrite<double[]>(capacity_ * signals)),
        buckets_(std::make_unique_for_overwrite<std::uint32_t[]>(capacity_ * signals)) {}

  std::size_t capacity() const { return capacity_; }
  std::size_t size() const { return static_cast<std::size_t>(head_ - tail_); }
  bool full() const { return size() == capacity_; }
  /// The most samples held at once so far.
  std::size_t high_water() const { return high_water_; }
  /// Index of the next sample pushed (= samples pushed so far).
  std::int64_t head() const { return head_; }
  std::int64_t tail() const { return tail_; }

  /// Appends a sample (the caller checks full() first) and returns its slot, whose values(),
  /// ranks() and buckets() the caller fills.
  std::size_t push(const PendingSample& sample) {
    const std::size_t slot = static_cast<std::size_t>(head_) & mask_;
    samples_[slot] = sample;
    ++head_;
    if (size() > high_water_) high_water_ = size();
    return slot;
  }
  double* values(std::size_t slot) { return &values_[slot * signals_]; }
  double* ranks(std::size_t slot) { return &ranks_[slot * signals_]; }
  std::uint32_t* buckets(std::size_t slot) { return &buckets_[slot * signals_]; }

  std::size_t slot_of(std::int64_t index) const { return static_cast<std::size_t>(index) & mask_; }
  const PendingSample& at(std::int64_t index) const { return samples_[slot_of(index)]; }

  /// Frees every sample before `index` (the oldest cursor).
  void release_before(std::int64_t index) {
    if (index > tail_) tail_ = index;
  }

 private:
  std::size_t signals_;
  std::size_t capacity_;
  std::size_t mask_;
  std::unique_ptr<PendingSample[]> samples_;
  std::unique_ptr<double[]> values_;  // [slot][signal]
  std::unique_ptr<double[]> ranks_;
  std::unique_ptr<std::uint32_t[]> buckets_;
  std::int64_t head_ = 0;
  std::int64_t tail_ = 0;
  std::size_t high_water_ = 0;
};

}  // namespace tilt::study
