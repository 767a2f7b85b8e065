// The predictive half of a study without the data plumbing: samples go in, forward moves come out
// of the look-ahead buffer at each horizon, and the grid accumulates the statistics. The runner
// (study.hpp) feeds it from event stores; tests feed it directly.
//
// What the forward mid at a horizon is:
//   * h book messages: the mid after the h-th book message (one that changed the book) following
//     the sample; checked after each book message.
//   * a time span h: the mid in effect at exchange time t + h, i.e. after every message stamped
//     <= t + h; it is known when the first message stamped > t + h arrives, before it is applied.
// The mid is (best bid + best ask)/2; when a side is empty at that moment, the last two-sided mid
// stands. Samples still waiting when a stream (one store) ends are dropped and counted
// (pairs_incomplete_at_end): the data cannot say where the mid went.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tilt/study/lookahead_buffer.hpp"
#include "tilt/study/predictive_grid.hpp"
#include "tilt/study/study_config.hpp"

namespace tilt::study {

struct EngineCounters {
  std::int64_t samples = 0;  ///< samples taken (pushed)
  std::int64_t samples_dropped_lookahead_full = 0;
  std::int64_t pairs_incomplete_at_end = 0;  ///< (sample, horizon) pairs never reached
  std::int64_t book_messages = 0;
};

class StudyEngine {
 public:
  StudyEngine(std::vector<SignalAxis> signals, std::vector<Horizon> horizons, GridOptions options,
              std::size_t lookahead_capacity);

  /// A message stamped `ts` is about to be applied; `mid2` is the current (last two-sided) mid ×2.
  void before_message(Timestamp ts, std::int64_t mid2) {
    for (std::size_t h : time_horizons_) {
      std::int64_t& cursor = cursors_[h];
      const Duration span = horizons_[h].amount;
      while (cursor < buffer_.head() && buffer_.at(cursor).ts + span < ts)
        complete(h, cursor++, mid2);
    }
    release();
  }
  /// A book message was applied; `mid2` is the mid ×2 after it (last two-sided).
  void after_book_message(std::int64_t mid2) {
    ++counters_.book_messages;
    for (std::size_t h : message_horizons_) {
      std::int64_t& cursor = cursors_[h];
      const std::int64_t ahead = horizons_[h].amount;
      while (cursor < buffer_.head() &&
             buffer_.at(cursor).message + ahead <= counters_.book_messages)
        complete(h, cursor++, mid2);
    }
    release();
  }
  /// Takes a sample at `ts` with mid ×2 `mid2` and one value per signal (NaN = invalid). Returns
  /// false (and counts it) when the look-ahead buffer is full.
  bool sample(Timestamp ts, std::int64_t mid2, const double* values) {
    if (buffer_.full()) {
      ++counters_.samples_dropped_lookahead_full;
      return false;
    }
    const std::size_t slot = buffer_.push({ts, counters_.book_messages, mid2, 0});
    double* x = buffer_.values(slot);
    SignalCode* codes = buffer_.codes(slot);
    for (std::size_t s = 0; s < grid_.signal_count(); ++s) {
      x[s] = values[s];
      codes[s] = grid_.code(s, values[s]);
    }
    grid_.sample_taken();
    ++counters_.samples;
    return true;
  }

  /// The stream (store) ended: samples still waiting are dropped and counted.
  void end_of_stream();
  /// Ends warm-ups and closes the accumulators; call once after the last stream.
  void finish();

  std::vector<PredictiveResult> results() const { return grid_.results(); }
  const EngineCounters& counters() const { return counters_; }
  const LookaheadBuffer& buffer() const { return buffer_; }
  const PredictiveGrid& grid() const { return grid_; }

 private:
  void complete(std::size_t h, std::int64_t index, std::int64_t mid2) {
    const PendingSample& s = buffer_.at(index);
    const std::size_t slot = buffer_.slot_of(index);
    const double y = static_cast<double>(mid2 - s.mid2) * 0.5;
    grid_.complete(h, index, buffer_.values(slot), buffer_.codes(slot), y,
                   buffer_.head() - index - 1);
  }
  void release() {
    std::int64_t oldest = buffer_.head();
    for (std::int64_t c : cursors_) oldest = c < oldest ? c : oldest;
    buffer_.release_before(oldest);
  }

  std::vector<Horizon> horizons_;
  std::vector<std::size_t> time_horizons_;
  std::vector<std::size_t> message_horizons_;
  std::vector<std::int64_t> cursors_;
  PredictiveGrid grid_;
  LookaheadBuffer buffer_;
  EngineCounters counters_;
};

}  // namespace tilt::study
