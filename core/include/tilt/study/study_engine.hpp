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
//
// Cost per message: each horizon's cursor sits at the oldest sample it has not reached, and the
// engine keeps when that sample falls due (its time + span, or its book-message count + n), and
// the earliest of those per kind. A message that completes nothing (the common case when sampling
// sparsely) costs one comparison; a horizon's cursor then steps through consecutive slots of the
// ring, never searching. The buffer's tail (the oldest cursor) is recomputed only when a sample
// is pushed or a stream ends, the only times its size is read.
//
// Once every warm-up is over (PredictiveGrid::all_ready), a sample only stores its signal values
// (their ranks and buckets are computed a column at a time, for a run of samples, just before the
// grid reads them: one signal's tables stay in cache and the lookups of consecutive samples
// overlap), and a completion only writes its forward move into the sample's slot; the samples every
// horizon has passed are handed to the grid in batches of at least kBatch (add_batch: columnar
// statistics), held in the buffer until then. A sample taken before that moment is still added
// completion by completion, so each horizon adds its samples in order. When the buffer fills, the
// held samples are handed over first, so holding them never refuses a sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
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
    if (ts > time_due_) complete_time_horizons(ts, mid2);
  }
  /// A book message was applied; `mid2` is the mid ×2 after it (last two-sided).
  void after_book_message(std::int64_t mid2) {
    if (++counters_.book_messages >= message_due_) complete_message_horizons(mid2);
  }
  /// Takes a sample at `ts` with mid ×2 `mid2` and one value per signal (NaN = invalid). Returns
  /// false (and counts it) when the look-ahead buffer is full.
  bool sample(Timestamp ts, std::int64_t mid2, const double* values) {
    release();
    if (buffer_.full() && batch_from_ != kNever) {
      hand_over(buffer_.tail());
    }
    if (buffer_.full()) {
      ++counters_.samples_dropped_lookahead_full;
      return false;
    }
    const std::int64_t index = buffer_.head();
    const std::size_t slot = buffer_.push({ts, counters_.book_messages, mid2});
    const std::size_t signals = grid_.signal_count();
    if (index >= batch_from_) {
      // Coded later, a column at a time (code_until).
      for (std::size_t s = 0; s < signals; ++s) buffer_.values(s)[slot] = values[s];
    } else {
      for (std::size_t s = 0; s < signals; ++s) {
        const SignalCode c = grid_.code(s, values[s]);
        buffer_.values(s)[slot] = values[s];
        buffer_.ranks(s)[slot] = c.rank;
        buffer_.buckets(s)[slot] = c.bucket;
      }
    }
    grid_.sample_taken();
    ++counters_.samples;
    // Horizons that were waiting for nothing now wait for this sample.
    for (HorizonCursor& c : time_cursors_) {
      if (c.next == index) {
        c.due = ts + c.amount;
        time_due_ = c.due < time_due_ ? c.due : time_due_;
      }
    }
    for (HorizonCursor& c : message_cursors_) {
      if (c.next == index) {
        c.due = counters_.book_messages + c.amount;
        message_due_ = c.due < message_due_ ? c.due : message_due_;
      }
    }
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
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

  /// One horizon's cursor: the next sample it has not reached and when that sample falls due
  /// (kNever while it has reached every sample taken).
  struct HorizonCursor {
    std::size_t horizon;
    std::int64_t amount;  ///< span (ns) or book messages
    std::int64_t next;
    std::int64_t due;
  };

  void complete_time_horizons(Timestamp ts, std::int64_t mid2);
  void complete_message_horizons(std::int64_t mid2);
  /// Samples handed to the grid at once (at least; fewer when a stream ends or the buffer fills).
  static constexpr std::int64_t kBatch = 512;

  void complete(std::size_t h, std::int64_t index, std::int64_t mid2) {
    const PendingSample& s = buffer_.at(index);
    const std::size_t slot = buffer_.slot_of(index);
    const double y = static_cast<double>(mid2 - s.mid2) * 0.5;
    if (index >= batch_from_) {
      buffer_.moves(h)[slot] = y;
      return;
    }
    complete_one(h, index, y);
    if (batch_from_ == kNever && grid_.all_ready()) {
      batch_from_ = batched_ = coded_ = buffer_.head();
      buffer_.hold(batched_);
    }
  }
  /// Adds one completion to the grid at once.
  void complete_one(std::size_t h, std::int64_t index, double y);
  void release() {
    std::int64_t oldest = buffer_.head();
    for (const HorizonCursor& c : time_cursors_) oldest = c.next < oldest ? c.next : oldest;
    for (const HorizonCursor& c : message_cursors_) oldest = c.next < oldest ? c.next : oldest;
    buffer_.release_before(oldest);
    if (oldest - batched_ >= kBatch) hand_over(oldest);
  }
  /// Hands the held samples before `end` (every horizon has reached them) to the grid.
  void hand_over(std::int64_t end);
  /// Codes (rank and bucket) every signal of the samples in [coded_, end), taken in batch mode.
  void code_until(std::int64_t end);

  std::vector<Horizon> horizons_;
  std::vector<HorizonCursor> time_cursors_;
  std::vector<HorizonCursor> message_cursors_;
  Timestamp time_due_ = kNever;        ///< earliest due time of the time horizons
  std::int64_t message_due_ = kNever;  ///< earliest due book-message count
  PredictiveGrid grid_;
  LookaheadBuffer buffer_;
  EngineCounters counters_;
  std::int64_t batch_from_ = kNever;     ///< samples from here on are added in batches
  std::int64_t batched_ = kNever;        ///< the first sample not yet handed to the grid
  std::int64_t coded_ = kNever;          ///< the first batch-mode sample not yet coded
  std::vector<double> lane_x_, lane_u_;  // one completion's signals, for complete_one
  std::vector<std::uint32_t> lane_b_;
  std::vector<const double*> columns_x_, columns_u_, columns_y_;  // hand_over's pointers
  std::vector<const std::uint32_t*> columns_b_;
};

}  // namespace tilt::study
