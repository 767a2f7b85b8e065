// Every signal × horizon accumulator of a study, and the warm-up that fixes what they need before
// they can stream: each signal's bucket edges and rank distribution, each horizon's rank
// distribution of moves and its block length.
//
// Flow (study_runner.cpp drives it):
//   * at sample time, code(s, x) for each signal: feeds the signal's warm-up (the first
//     warmup_samples samples) and, once that is over, returns x's rank and bucket, which the
//     look-ahead buffer keeps with the sample so each is computed once, not once per horizon;
//   * when horizon h reaches a sample, complete(h, ...): feeds the horizon's warm-up (its first
//     warmup_samples completions: the distribution of y and the mean number of samples a forward
//     window spans, `overlap`); until it is over the completions wait in a buffer of at most
//     warmup_samples per horizon, then they are replayed in order, as one batch for that horizon
//     (the signals' codes of the warm-up samples computed once, not once per horizon).
//   * finish() ends warm-ups that never filled (short data) and closes every accumulator.
// Block length of horizon h = max(min_block_samples, block_factor × mean overlap), so the blocks
// the standard errors rest on are much longer than the windows that overlap.
//
// Layout for speed: once every warm-up is over, samples are not added one completion at a time
// but in batches (add_batch), when every horizon has reached them: the look-ahead buffer holds the
// samples' signal columns and each horizon's forward moves side by side. A batch is cut into
// segments no longer than any cell's room left in its open block (a cell's count grows by at most
// one per sample, so a block can only fill at a segment's end, exactly where it filled when
// samples were added one by one). Per segment the terms of a sample alone (x − x̄₀, (x − x̄₀)²,
// rank, bucket, sign) are computed once per signal, those of a move alone (y − ȳ₀, its square,
// its rank, its sign) once per horizon, and only the products (x·y, rank·rank, sign agreement)
// per signal × horizon, each in a tight loop over the segment, two samples to an SSE2 register
// (GCC/Clang vector extensions; generic x86-64, so the summation order, and the result, is the
// same on every CPU). Bucket sums are scattered once per signal and sample: count and Σx shared
// by the horizons, Σy for all horizons side by side. The rank of a move y comes from a
// per-horizon table over half-tick moves (|2y| <= kMoveTable), filled from the horizon's
// distribution, so it is the same value without a search. Before the warm-ups end (and for the
// samples a stream's end leaves incomplete at some horizons) completions are added one by one.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tilt/study/empirical_cdf.hpp"
#include "tilt/study/predictive_stats.hpp"

namespace tilt::study {

struct GridOptions {
  std::size_t buckets = 10;
  std::size_t warmup_samples = 20'000;
  double block_factor = 10.0;
  std::size_t min_block_samples = 256;
};

struct SignalAxis {
  std::string name;
  bool fixed_buckets = false;  ///< equal-width buckets over [lower, upper], else quantiles
  double lower = -1.0;
  double upper = 1.0;
};

/// A signal value's rank and bucket, computed once per sample.
/// Two doubles in one SSE2 register, and a comparison's lane masks (GCC/Clang vector extensions).
using EdgePair = double __attribute__((vector_size(16)));
using Mask = decltype(EdgePair{} >= EdgePair{});

struct SignalCode {
  static constexpr std::uint32_t kUnready = 0xffffffff;
  double rank = 0.5;
  std::uint32_t bucket = kUnready;
};

class PredictiveGrid {
 public:
  /// Moves of at most this many half ticks find their rank in a table (others search).
  static constexpr std::int64_t kMoveTable = 512;

  PredictiveGrid(std::vector<SignalAxis> signals, std::vector<std::string> horizons,
                 GridOptions options);

  std::size_t signal_count() const { return signals_.size(); }
  std::size_t horizon_count() const { return horizons_.size(); }

  /// Codes signal s's value at sample time (NaN = invalid: no code, excluded everywhere).
  SignalCode code(std::size_t s, double x) {
    SignalState& st = signals_[s];
    if (!st.ready) {
      st.warmup.push_back(x);  // NaN kept: the position is the sample's index
      return {};
    }
    if (std::isnan(x)) return {};
    return {st.cdf(x), bucket_of(st, x)};
  }
  /// code() for n values of signal s once its warm-up is over (the same ranks and buckets, but
  /// an invalid value's bucket is the spare one, `buckets`, as add_batch wants it).
  void code_column(std::size_t s, const double* x, double* ranks, std::uint32_t* buckets,
                   std::size_t n) const {
    const SignalState& st = signals_[s];
    const EmpiricalCdf::Lookup cdf = st.cdf.lookup();  // in registers through the loop
    const EdgePair* edges = st.inner_edges.data();
    const std::size_t edge_pairs = st.inner_edges.size();
    const auto invalid = static_cast<std::uint32_t>(options_.buckets);  // the spare row
    // The edge loop unrolled for the usual bucket counts (up to 10).
    switch (edge_pairs) {
      case 1:
        return code_values<1>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
      case 2:
        return code_values<2>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
      case 3:
        return code_values<3>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
      case 4:
        return code_values<4>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
      case 5:
        return code_values<5>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
      default:
        return code_values<0>(cdf, edges, edge_pairs, invalid, x, ranks, buckets, n);
    }
  }
  /// After code() for every signal of a sample: counts it toward the signals' warm-up.
  void sample_taken() {
    if (++samples_taken_ == options_.warmup_samples) build_signal_coders();
  }

  /// Horizon h reached sample `sample` (its index among all samples): its signal values, their
  /// ranks and buckets (as code() gave them), the move y (ticks) and the number of samples taken
  /// after it up to now (how many windows overlap it).
  void complete(std::size_t h, std::int64_t sample, const double* xs, const double* ranks,
                const std::uint32_t* buckets, double y, std::int64_t overlap) {
    HorizonState& hs = horizons_[h];
    if (!hs.ready) {
      warm_up_horizon(h, sample, xs, y, overlap);
      return;
    }
    const std::size_t signals = signals_.size();
    double* x = lane_x_.data();
    double* u = lane_u_.data();
    std::uint32_t* b = lane_b_.data();
    for (std::size_t s = 0; s < signals; ++s) {
      x[s] = xs[s];
      u[s] = ranks[s];
      b[s] = buckets[s];
    }
    // A sample taken before the signals' warm-up ended was coded before its coder existed.
    if (static_cast<std::size_t>(sample) < options_.warmup_samples) {
      for (std::size_t s = 0; s < signals; ++s) {
        if (b[s] == SignalCode::kUnready && !std::isnan(x[s])) {
          u[s] = signals_[s].cdf(x[s]);
          b[s] = bucket_of(signals_[s], x[s]);
        }
      }
    }
    add(h, x, u, b, y, move_rank(hs.move_ranks.data() + kMoveTable, hs.cdf, y));
  }
  /// Whether every horizon's (and so every signal's) warm-up is over: from then on the caller may
  /// hand over completed samples in batches.
  bool all_ready() const {
    for (const HorizonState& hs : horizons_)
      if (!hs.ready) return false;
    return true;
  }
  /// Adds n consecutive samples every horizon has reached, all taken after the signals' warm-up
  /// and completed after every horizon's: xs[s], ranks[s], buckets[s] point at signal s's first
  /// value, rank and bucket (`buckets` for an invalid value: the spare row, never read), ys[h] at
  /// horizon h's first move (ticks).
  void add_batch(const double* const* xs, const double* const* ranks,
                 const std::uint32_t* const* buckets, const double* const* ys, std::size_t n);

  void finish();
  /// Results in signal-major order (all horizons of signal 0, then signal 1, ...).
  std::vector<PredictiveResult> results() const;

  /// Completions waiting for a horizon's warm-up to end (at most warmup_samples per horizon).
  std::size_t pending_pairs() const;

 private:
  struct PendingCompletion {
    std::int64_t sample;
    double y;
  };
  struct SignalState {
    SignalAxis axis;
    bool ready = false;
    std::vector<double> warmup;            // the first warmup_samples values (NaN = invalid)
    std::vector<SignalCode> warmup_codes;  // their codes, once the coder is built
    EmpiricalCdf cdf;
    std::vector<double> edges;          // buckets + 1
    std::vector<EdgePair> inner_edges;  // edges[1 .. buckets - 1], NaN-padded to whole pairs
    double shift = 0;
  };
  struct HorizonState {
    std::string label;
    bool ready = false;
    std::vector<double> warmup_y;
    double overlap_sum = 0;
    EmpiricalCdf cdf;
    double y_shift = 0;
    double block_samples = 0;
    std::vector<double> move_ranks;  // cdf(k / 2) for k in [-kMoveTable, kMoveTable]
    // Completions waiting for the warm-up to end, and their signal values (signals per entry).
    std::vector<PendingCompletion> pending;
    std::vector<double> pending_x;
  };

  static std::uint32_t bucket_of(const SignalState& st, double x) {
    return bucket_of(st.inner_edges.data(), st.inner_edges.size(), x);
  }
  /// code_column's loop; kPairs: the inner edges' pairs, 0 = any (`pairs` read at run time).
  template <std::size_t kPairs>
  static void code_values(const EmpiricalCdf::Lookup& cdf, const EdgePair* edges, std::size_t pairs,
                          std::uint32_t invalid, const double* x, double* ranks,
                          std::uint32_t* buckets, std::size_t n) {
    const std::size_t edge_pairs = kPairs != 0 ? kPairs : pairs;
    for (std::size_t i = 0; i < n; ++i) {
      const bool valid = !std::isnan(x[i]);
      ranks[i] = valid ? cdf(x[i]) : SignalCode{}.rank;
      buckets[i] = valid ? bucket_of(edges, edge_pairs, x[i]) : invalid;
    }
  }
  static std::uint32_t bucket_of(const EdgePair* edges, std::size_t pairs, double x) {
    // Edges are few (buckets + 1): counting the inner edges <= x two at a time, branch-free,
    // beats a binary search. Pad lanes hold NaN, which no x reaches.
    Mask count{};
    const EdgePair xx = {x, x};
    for (std::size_t k = 0; k < pairs; ++k) count -= xx >= edges[k];  // a true lane is -1
    return static_cast<std::uint32_t>(count[0] + count[1]);
  }
  /// The rank of move y: from `table` (move_ranks' middle entry, move 0) for a whole number of
  /// half ticks up to kMoveTable, else from the distribution.
  static double move_rank(const double* table, const EmpiricalCdf& cdf, double y) {
    const double half_ticks = y * 2;
    if (std::fabs(half_ticks) <= static_cast<double>(kMoveTable)) {
      const auto k = static_cast<std::int64_t>(half_ticks);
      if (static_cast<double>(k) == half_ticks) return table[k];
    }
    return cdf(y);
  }

  /// Adds one completion to horizon h's open blocks: signal values x (NaN = invalid), ranks u,
  /// buckets b, move y and its rank v.
  void add(std::size_t h, const double* x, const double* u, const std::uint32_t* b, double y,
           double v) {
    const HorizonState& hs = horizons_[h];
    const std::size_t signals = signals_.size();
    const double dy = y - hs.y_shift, dv = v - 0.5;
    const double moved = y != 0 ? 1.0 : 0.0;
    for (std::size_t s = 0; s < signals; ++s) {
      if (std::isnan(x[s])) continue;
      const double dx = x[s] - signals_[s].shift, du = u[s] - 0.5;
      const double eligible = x[s] != 0 ? moved : 0.0;
      const double hit = eligible * ((x[s] > 0) == (y > 0) ? 1.0 : 0.0);
      MomentVector& m = open_[h * signals + s];
      m[kN] += 1;
      m[kX] += dx;
      m[kY] += dy;
      m[kXX] += dx * dx;
      m[kXY] += dx * dy;
      m[kYY] += dy * dy;
      m[kMoves] += moved;
      m[kEligible] += eligible;
      m[kHits] += hit;
      m[kU] += du;
      m[kV] += dv;
      m[kUU] += du * du;
      m[kVV] += dv * dv;
      m[kUV] += du * dv;
      BucketVector& q = open_buckets_[(h * signals + s) * options_.buckets + b[s]];
      q[kBucketN] += 1;
      q[kBucketX] += x[s];
      q[kBucketY] += y;
      if (m[kN] == hs.block_samples) close_block(h, s);
    }
  }
  /// add_batch for horizons [h0, h1) only (ys indexed by horizon).
  void add_columns(std::size_t h0, std::size_t h1, const double* const* xs,
                   const double* const* ranks, const std::uint32_t* const* buckets,
                   const double* const* ys, std::size_t n);
  void add_segment(std::size_t h0, std::size_t h1, const double* const* xs,
                   const double* const* ranks, const std::uint32_t* const* bucket_ids,
                   const double* const* ys, std::size_t len);

  /// Adds one signal's segment into seg_buckets_ (count, Σx, each horizon's Σy); kStride: the
  /// horizons rounded up to pairs, 0 = any (read at run time).
  template <std::size_t kStride>
  void scatter_buckets(const double* x, const std::uint32_t* bucket, std::size_t len);
  void close_block(std::size_t h, std::size_t s);
  void build_signal_coders();
  void warm_up_horizon(std::size_t h, std::int64_t sample, const double* xs, double y,
                       std::int64_t overlap);
  void start_horizon(std::size_t h);

  GridOptions options_;
  std::vector<SignalState> signals_;
  std::vector<HorizonState> horizons_;
  std::vector<PredictiveAccumulator> accumulators_;  // [h * signals + s]: finished blocks
  std::vector<MomentVector> open_;                   // [h * signals + s]: sums of the open block
  std::vector<BucketVector> open_buckets_;           // [(h * signals + s) * buckets + bucket]
  std::vector<double> lane_x_, lane_u_;              // one completion's signals (warm-up replay)
  std::vector<std::uint32_t> lane_b_;
  // Segment scratch (kSegment + 1 entries per column, the last a zero pad for an odd length).
  static constexpr std::size_t kSegment = 256;
  std::vector<double> seg_dx_, seg_du_, seg_one_;   // [s][i]
  std::vector<double> seg_dy_, seg_dv_, seg_sign_;  // [h][i]
  std::vector<double> seg_y_;                       // [i][h]: the moves of one sample side by side
  std::vector<double> seg_buckets_;  // [bucket (+ spare)][count, Σx, Σy per horizon]
  std::vector<std::array<double, 5>> seg_sample_sums_;  // [s]: N, X, XX, U, UU
  std::vector<double> seg_xy_, seg_uv_;                 // [s]: one horizon's products
  // Bit i of word i / 64: sample i's x != 0 (valid), x > 0; y > 0, y < 0.
  static constexpr std::size_t kWords = (kSegment + 63) / 64;
  std::vector<std::uint64_t> seg_nz_bits_, seg_up_bits_;    // [s][word]
  std::vector<std::uint64_t> seg_pos_bits_, seg_neg_bits_;  // [h][word]
  std::vector<const double*> batch_x_, batch_u_, batch_y_;  // add_batch's cursors
  std::vector<const std::uint32_t*> batch_b_;
  std::vector<BucketVector> closing_buckets_;  // scratch for close_block
  std::size_t samples_taken_ = 0;
};

}  // namespace tilt::study
