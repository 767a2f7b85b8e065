// Stoikov's micro-price adjustment estimated from the data (Stoikov 2018, "The micro-price: a
// high-frequency estimator of future prices", Quantitative Finance 18(12)).
//
// State x = (imbalance bucket b, spread s): b = min(B − 1, floor(B·Vb/(Vb + Va))) exactly as the
// built-in micro_price signal buckets (signals/micro_price.hpp), s in 1..max_spread_ticks ticks.
// After every book message with a two-sided book and a spread within range, the step from the
// previous state x to the new state y with mid change dM (ticks) is counted:
//   dM = 0: Q(x, y) += 1;   dM ≠ 0: T(x, y) += 1 and R(x) += dM;   N(x) += 1.
// Each step is also counted mirrored, (B−1−b, s) → (B−1−b', s') with −dM, Stoikov's
// symmetrisation, so that the estimate is antisymmetric in the imbalance and the stationary mean
// move is zero. With Q, T, R divided by N:
//   g1 = (I − Q)⁻¹ R          expected mid change up to and including the next mid change
//   B  = (I − Q)⁻¹ T          distribution of the state just after that change
//   G1 = g1,  G(k+1) = g1 + B·G(k)            (Stoikov's G^k; `iterations` = k, 6 in the paper)
// The micro-price is mid + G(b, s) ticks. The built-in signal takes one adjustment per imbalance
// bucket in fractions of the spread, scaled by the spread: table[b] = G(b, s*)/s* for the spread
// s* seen most often (one tick on liquid books), written as the signal's `table` parameter.
// Memory: (B·S)² counts, fixed; the solve at the end is O((B·S)³) for B·S states (≤ 5,000).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tilt/study/book_top.hpp"

namespace tilt::study {

struct MicroPriceResult {
  std::size_t buckets = 0;
  std::int64_t max_spread_ticks = 0;
  int iterations = 0;
  std::int64_t steps = 0;                  ///< transitions counted (before mirroring)
  std::vector<std::int64_t> observations;  ///< per state [(s − 1)·B + b], mirrored counts
  std::vector<double> adjustment_ticks;    ///< G per state, ticks
  std::vector<double> first_step_ticks;    ///< g1 per state, ticks
  std::int64_t table_spread_ticks = 1;     ///< s*
  std::vector<double> table;               ///< G(b, s*)/s*, fractions of the spread
  std::string table_text;                  ///< "t0,t1,...": the micro_price signal's `table`
};

class MicroPriceEstimator {
 public:
  MicroPriceEstimator(std::size_t buckets, std::int64_t max_spread_ticks, int iterations);

  /// Forgets the previous state (a new stream begins).
  void start_stream() {
    flush_stays();
    previous_state_ = -1;
  }
  /// The book after a book message.
  void on_book_message(const BookTop& top);

  std::size_t bucket_of(const BookTop& top) const;
  MicroPriceResult result() const;

 private:
  void count(std::size_t from, std::size_t to, std::int64_t dmid2);
  std::size_t mirror(std::size_t state) const;
  void flush_stays();
  MicroPriceResult solve_counts() const;

  std::size_t buckets_;
  std::int64_t max_spread_;
  int iterations_;
  std::size_t states_;
  std::vector<double> no_move_;   // Q counts [from * states + to]
  std::vector<double> move_;      // T counts
  std::vector<double> move_sum_;  // R: Σ dM (ticks)
  std::vector<double> visits_;    // N
  std::int64_t steps_ = 0;
  std::int64_t previous_state_ = -1;
  std::int64_t previous_mid2_ = 0;
  std::int64_t stay_run_ = 0;  ///< stays in previous_state_ (no move) not yet counted
  // The last touch sizes and their bucket: most book messages leave the touch sizes alone, and
  // the bucket costs a division.
  Qty bucket_bid_qty_ = -1, bucket_ask_qty_ = -1;
  std::size_t bucket_ = 0;
};

}  // namespace tilt::study
