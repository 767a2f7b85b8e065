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
//     warmup_samples per horizon, then they are replayed in order (the signals' codes of the
//     warm-up samples computed once, not once per horizon).
//   * finish() ends warm-ups that never filled (short data) and closes every accumulator.
// Block length of horizon h = max(min_block_samples, block_factor × mean overlap), so the blocks
// the standard errors rest on are much longer than the windows that overlap.
//
// Layout for speed: the sums of the open block are kept by horizon as a struct of arrays, one
// lane per signal, two lanes to an SSE2 register (open_[h][pair][moment]), so a completion updates
// its horizon's signals together in straight-line vector code without branches. An invalid
// signal value (NaN) adds exact zeros to its lane (and its bucket sums go to a spare bucket that
// is never read), which leaves every sum bit-identical to skipping it. Each lane's block closes
// when its own sample count reaches the block length, so blocks are per signal as before. The
// rank of a move y comes from a per-horizon table over half-tick moves (|2y| <= kMoveTable), filled
// from the horizon's distribution, so it is the same value without a search.
#pragma once

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
    add(h, x, u, b, y, move_rank(hs, y));
  }
  /// complete() for arrays of lane_count() entries whose spare lanes (beyond the signals) hold
  /// NaN values: read in place once the sample's codes are final (the look-ahead buffer's case).
  void complete_lanes(std::size_t h, std::int64_t sample, const double* xs, const double* ranks,
                      const std::uint32_t* buckets, double y, std::int64_t overlap) {
    const HorizonState& hs = horizons_[h];
    if (hs.ready && static_cast<std::size_t>(sample) >= options_.warmup_samples) {
      add(h, xs, ranks, buckets, y, move_rank(hs, y));
    } else {
      complete(h, sample, xs, ranks, buckets, y, overlap);
    }
  }
  /// Signals rounded up to whole register pairs.
  std::size_t lane_count() const { return 2 * pairs_; }

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
    std::vector<double> edges;  // buckets + 1
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
    std::int64_t until_full = 0;     // completions before any lane's block can be full (<= that)
    std::vector<double> move_ranks;  // cdf(k / 2) for k in [-kMoveTable, kMoveTable]
    // Completions waiting for the warm-up to end, and their signal values (signals per entry).
    std::vector<PendingCompletion> pending;
    std::vector<double> pending_x;
  };

  std::uint32_t bucket_of(const SignalState& st, double x) const {
    // Edges are few (buckets + 1): a linear count is branch-free and beats a binary search.
    std::uint32_t b = 0;
    const std::size_t inner = st.edges.size() - 1;
    for (std::size_t i = 1; i < inner; ++i) b += x >= st.edges[i] ? 1u : 0u;
    return b;
  }
  static double move_rank(const HorizonState& hs, double y) {
    const double half_ticks = y * 2;
    if (half_ticks >= -static_cast<double>(kMoveTable) &&
        half_ticks <= static_cast<double>(kMoveTable)) {
      const auto k = static_cast<std::int64_t>(half_ticks);
      if (static_cast<double>(k) == half_ticks)
        return hs.move_ranks[static_cast<std::size_t>(k + kMoveTable)];
    }
    return hs.cdf(y);
  }

  /// Two lanes (signals) of a sum in one SSE2 register; GCC/Clang vector extensions, so the
  /// lanes update together whatever the compiler's auto-vectorizer makes of the loop.
  using Pair = double __attribute__((vector_size(16)));

  /// Adds one completion to horizon h's open block: lanes x (NaN = invalid), ranks u, buckets b.
  void add(std::size_t h, const double* x, const double* u, const std::uint32_t* b, double y,
           double v) {
    const HorizonState& hs = horizons_[h];
    const std::size_t pairs = pairs_;
    Pair* open = &open_[h * pairs * kMomentCount];
    const double ys = y - hs.y_shift, vc = v - 0.5;
    const double moved = y != 0 ? 1.0 : 0.0;
    const Pair zero{}, unit = zero + 1.0;
    // sign(x) = sign(y) as arithmetic on 0/1 values (a mask comparison of x's sign against y's
    // compiles to a branch per lane): agree = x_up·(2·y_up − 1) + (1 − y_up), exact.
    const double y_up = y > 0 ? 1.0 : 0.0;
    const double agree_scale = 2 * y_up - 1, agree_offset = 1 - y_up;
    // Masks and selects, not branches: signs are coin tosses, a branch mispredicts. An invalid
    // lane adds exact zeros.
    for (std::size_t p = 0; p < pairs; ++p) {
      const Pair xi = {x[2 * p], x[2 * p + 1]};
      const Pair ui = {u[2 * p], u[2 * p + 1]};
      const auto valid = xi == xi;  // NOLINT(misc-redundant-expression): lanes not NaN
      const Pair one = valid ? unit : zero;
      const Pair dx = valid ? xi - x_shift_[p] : zero;
      const Pair dy = one * ys;
      const Pair du = valid ? ui - 0.5 : zero;
      const Pair dv = one * vc;
      const Pair mv = one * moved;
      const Pair eligible = (xi != 0.0) ? mv : zero;
      const Pair x_up = xi > 0.0 ? unit : zero;
      const Pair hit = eligible * (x_up * agree_scale + agree_offset);
      Pair* m = open + p * kMomentCount;
      m[kN] += one;
      m[kX] += dx;
      m[kY] += dy;
      m[kXX] += dx * dx;
      m[kXY] += dx * dy;
      m[kYY] += dy * dy;
      m[kMoves] += mv;
      m[kEligible] += eligible;
      m[kHits] += hit;
      m[kU] += du;
      m[kV] += dv;
      m[kUU] += du * du;
      m[kVV] += dv * dv;
      m[kUV] += du * dv;
    }
    const std::size_t signals = signals_.size(), buckets = options_.buckets, lanes = 2 * pairs;
    double* bucket_sums = &open_buckets_[h * (buckets + 1) * kBucketMomentCount * lanes];
    for (std::size_t s = 0; s < signals; ++s) {
      const std::size_t bucket = std::isnan(x[s]) ? buckets : b[s];  // spare bucket: never read
      double* q = bucket_sums + bucket * kBucketMomentCount * lanes + s;
      q[kBucketN * lanes] += 1;
      q[kBucketX * lanes] += x[s];
      q[kBucketY * lanes] += y;
    }
    // A lane's count grows by at most one per completion, so no block can close before the
    // fullest lane's count reaches the block length: count that down instead of checking lanes.
    if (--horizons_[h].until_full > 0) return;
    double fullest = 0;
    for (std::size_t s = 0; s < signals; ++s) {
      // By value: clang binds no reference to a lane of a vector-extension type.
      const double count = open[(s / 2) * kMomentCount + kN][s % 2];
      if (count == hs.block_samples) close_block(h, s);
      const double now = open[(s / 2) * kMomentCount + kN][s % 2];  // 0 once closed
      fullest = now > fullest ? now : fullest;
    }
    horizons_[h].until_full = static_cast<std::int64_t>(hs.block_samples - fullest);
  }

  void close_block(std::size_t h, std::size_t s);
  void build_signal_coders();
  void warm_up_horizon(std::size_t h, std::int64_t sample, const double* xs, double y,
                       std::int64_t overlap);
  void start_horizon(std::size_t h);

  GridOptions options_;
  std::vector<SignalState> signals_;
  std::vector<HorizonState> horizons_;
  std::vector<PredictiveAccumulator> accumulators_;  // [h * signals + s]: finished blocks
  std::size_t pairs_ = 0;                // lane pairs: signals rounded up to an even count, halved
  std::vector<Pair> x_shift_;            // [pair]: each signal's warm-up mean, 0 for a spare lane
  std::vector<Pair> open_;               // [h][pair][moment]: sums of the open block
  std::vector<double> open_buckets_;     // [h][bucket (+ spare)][bucket moment][lane]
  std::vector<double> lane_x_, lane_u_;  // one completion's lanes (spare lanes NaN)
  std::vector<std::uint32_t> lane_b_;
  std::vector<BucketVector> closing_buckets_;  // scratch for close_block
  std::size_t samples_taken_ = 0;
};

}  // namespace tilt::study
