// Every signal × horizon accumulator of a study, and the warm-up that fixes what they need before
// they can stream: each signal's bucket edges and rank distribution, each horizon's rank
// distribution of moves and its block length.
//
// Flow (study_runner.cpp drives it):
//   * at sample time, code(s, x) for each signal: feeds the signal's warm-up (the first
//     warmup_samples samples) and, once that is over, returns x's rank and bucket, which the
//     look-ahead buffer keeps with the sample so each is computed once, not once per horizon;
//   * when horizon h reaches a sample, complete(h, xs, codes, y, overlap): feeds the horizon's
//     warm-up (its first warmup_samples completions: the distribution of y and the mean number of
//     samples a forward window spans, `overlap`); until it is over the completions wait in a
//     buffer of at most warmup_samples per horizon, then they are replayed in order (the
//     signals' codes of the warm-up samples computed once, not once per horizon).
//   * finish() ends warm-ups that never filled (short data) and closes every accumulator.
// Block length of horizon h = max(min_block_samples, block_factor × mean overlap), so the blocks
// the standard errors rest on are much longer than the windows that overlap.
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

  /// Horizon h reached sample `sample` (its index among all samples): its signal values and
  /// codes, the move y (ticks) and the number of samples taken after it up to now (how many
  /// windows overlap it).
  void complete(std::size_t h, std::int64_t sample, const double* xs, const SignalCode* codes,
                double y, std::int64_t overlap) {
    HorizonState& hs = horizons_[h];
    if (!hs.ready) {
      warm_up_horizon(h, sample, xs, y, overlap);
      return;
    }
    const double v = hs.cdf(y);
    PredictiveAccumulator* row = &accumulators_[h * signals_.size()];
    for (std::size_t s = 0; s < signals_.size(); ++s) {
      const double x = xs[s];
      if (std::isnan(x)) continue;
      SignalCode c = codes[s];
      if (c.bucket == SignalCode::kUnready) c = {signals_[s].cdf(x), bucket_of(signals_[s], x)};
      row[s].add(x, c.rank, c.bucket, y, v);
    }
  }

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
  void build_signal_coders();
  void warm_up_horizon(std::size_t h, std::int64_t sample, const double* xs, double y,
                       std::int64_t overlap);
  void start_horizon(std::size_t h);

  GridOptions options_;
  std::vector<SignalState> signals_;
  std::vector<HorizonState> horizons_;
  std::vector<PredictiveAccumulator> accumulators_;  // [h * signals + s]
  std::size_t samples_taken_ = 0;
};

}  // namespace tilt::study
