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
// Columnar layout ([signal][slot], [horizon][slot]): the grid reads a run of consecutive samples of
// one signal, or one horizon's forward moves, as contiguous arrays (predictive_grid.hpp). Each
// horizon writes its forward move into the sample's slot when it reaches it.
//
// The arrays are allocated uninitialized (a slot is written in full when pushed), so memory pages
// are touched only as far as the buffer actually fills: a study whose horizons span a few hundred
// samples does not pay for zeroing the whole capacity.
//
// Samples every horizon has passed may still be held (hold()) until the grid has read them in a
// batch; size() and high_water() count only the samples still waiting for a horizon, full() also
// the held ones (the engine then hands the held samples over and releases them first).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
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
  LookaheadBuffer(std::size_t signals, std::size_t horizons, std::size_t capacity)
      : capacity_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)),
        mask_(capacity_ - 1),
        samples_(std::make_unique_for_overwrite<PendingSample[]>(capacity_)),
        values_(std::make_unique_for_overwrite<double[]>(capacity_ * signals)),
        ranks_(std::make_unique_for_overwrite<double[]>(capacity_ * signals)),
        buckets_(std::make_unique_for_overwrite<std::uint32_t[]>(capacity_ * signals)),
        moves_(std::make_unique_for_overwrite<double[]>(capacity_ * horizons)) {}

  std::size_t capacity() const { return capacity_; }
  std::size_t size() const { return static_cast<std::size_t>(head_ - tail_); }
  bool full() const {
    return head_ - (held_ < tail_ ? held_ : tail_) >= static_cast<std::int64_t>(capacity_);
  }
  /// The most samples held at once so far.
  std::size_t high_water() const { return high_water_; }
  /// Index of the next sample pushed (= samples pushed so far).
  std::int64_t head() const { return head_; }
  std::int64_t tail() const { return tail_; }

  /// Appends a sample (the caller checks full() first) and returns its slot, whose value(),
  /// rank() and bucket() of every signal the caller fills.
  std::size_t push(const PendingSample& sample) {
    const std::size_t slot = static_cast<std::size_t>(head_) & mask_;
    samples_[slot] = sample;
    ++head_;
    if (size() > high_water_) high_water_ = size();
    return slot;
  }
  /// Signal s's column (all slots), and horizon h's forward moves.
  double* values(std::size_t s) { return &values_[s * capacity_]; }
  double* ranks(std::size_t s) { return &ranks_[s * capacity_]; }
  std::uint32_t* buckets(std::size_t s) { return &buckets_[s * capacity_]; }
  double* moves(std::size_t h) { return &moves_[h * capacity_]; }
  const double* values(std::size_t s) const { return &values_[s * capacity_]; }
  const double* ranks(std::size_t s) const { return &ranks_[s * capacity_]; }
  const std::uint32_t* buckets(std::size_t s) const { return &buckets_[s * capacity_]; }
  const double* moves(std::size_t h) const { return &moves_[h * capacity_]; }

  std::size_t slot_of(std::int64_t index) const { return static_cast<std::size_t>(index) & mask_; }
  const PendingSample& at(std::int64_t index) const { return samples_[slot_of(index)]; }

  /// Frees every sample before `index` (the oldest cursor).
  void release_before(std::int64_t index) {
    if (index > tail_) tail_ = index;
  }
  /// Keeps every sample from `index` on in place although released (until hold() moves on).
  void hold(std::int64_t index) { held_ = index; }

 private:
  std::size_t capacity_;
  std::size_t mask_;
  std::unique_ptr<PendingSample[]> samples_;
  std::unique_ptr<double[]> values_;  // [signal][slot]
  std::unique_ptr<double[]> ranks_;
  std::unique_ptr<std::uint32_t[]> buckets_;
  std::unique_ptr<double[]> moves_;  // [horizon][slot]
  std::int64_t head_ = 0;
  std::int64_t tail_ = 0;
  std::int64_t held_ = std::numeric_limits<std::int64_t>::max();
  std::size_t high_water_ = 0;
};

}  // namespace tilt::study
