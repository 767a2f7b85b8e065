#include "tilt/study/predictive_grid.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace tilt::study {

PredictiveGrid::PredictiveGrid(std::vector<SignalAxis> signals, std::vector<std::string> horizons,
                               GridOptions options)
    : options_(options) {
  for (SignalAxis& axis : signals) {
    SignalState st;
    st.axis = std::move(axis);
    st.warmup.reserve(std::min<std::size_t>(options_.warmup_samples, 1 << 16));
    signals_.push_back(std::move(st));
  }
  for (std::string& label : horizons) {
    HorizonState hs;
    hs.label = std::move(label);
    horizons_.push_back(std::move(hs));
  }
  accumulators_.resize(signals_.size() * horizons_.size());
  pairs_ = (signals_.size() + 1) / 2;
  const std::size_t lanes = 2 * pairs_;
  x_shift_.assign(pairs_, Pair{});
  open_.assign(horizons_.size() * pairs_ * kMomentCount, Pair{});
  open_buckets_.assign(horizons_.size() * (options_.buckets + 1) * kBucketMomentCount * lanes, 0.0);
  lane_x_.assign(lanes, std::numeric_limits<double>::quiet_NaN());
  lane_u_.assign(lanes, 0.5);
  lane_b_.assign(lanes, 0);
  closing_buckets_.resize(options_.buckets);
}

void PredictiveGrid::close_block(std::size_t h, std::size_t s) {
  const std::size_t lanes = 2 * pairs_, buckets = options_.buckets;
  Pair* m = &open_[(h * pairs_ + s / 2) * kMomentCount];
  MomentVector block;
  for (std::size_t k = 0; k < kMomentCount; ++k) {
    block[k] = m[k][s % 2];
    m[k][s % 2] = 0;
  }
  double* bucket_sums = &open_buckets_[h * (buckets + 1) * kBucketMomentCount * lanes];
  for (std::size_t b = 0; b < buckets; ++b) {
    for (std::size_t k = 0; k < kBucketMomentCount; ++k) {
      double& sum = bucket_sums[(b * kBucketMomentCount + k) * lanes + s];
      closing_buckets_[b][k] = sum;
      sum = 0;
    }
  }
  accumulators_[h * signals_.size() + s].add_block(block, closing_buckets_.data());
}

void PredictiveGrid::build_signal_coders() {
  const std::size_t buckets = options_.buckets;
  for (SignalState& st : signals_) {
    if (st.ready) continue;
    std::vector<double> valid;
    for (double x : st.warmup)
      if (!std::isnan(x)) valid.push_back(x);
    st.shift = valid.empty() ? 0.0
                             : std::accumulate(valid.begin(), valid.end(), 0.0) /
                                   static_cast<double>(valid.size());
    const auto s = static_cast<std::size_t>(&st - signals_.data());
    x_shift_[s / 2][s % 2] = st.shift;
    st.cdf = EmpiricalCdf(std::move(valid));
    st.edges.assign(buckets + 1, 0.0);
    for (std::size_t b = 0; b <= buckets; ++b) {
      const double q = static_cast<double>(b) / static_cast<double>(buckets);
      st.edges[b] = st.axis.fixed_buckets ? st.axis.lower + q * (st.axis.upper - st.axis.lower)
                                          : st.cdf.quantile(q);
    }
    // The outer edges are for reports only: the end buckets take everything beyond them.
    st.ready = true;
    // Coded once here, not once per horizon when the horizons' warm-ups are replayed.
    st.warmup_codes.resize(st.warmup.size());
    for (std::size_t i = 0; i < st.warmup.size(); ++i) {
      const double x = st.warmup[i];
      if (!std::isnan(x)) st.warmup_codes[i] = {st.cdf(x), bucket_of(st, x)};
    }
    st.warmup = {};
  }
}

void PredictiveGrid::warm_up_horizon(std::size_t h, std::int64_t sample, const double* xs, double y,
                                     std::int64_t overlap) {
  HorizonState& hs = horizons_[h];
  hs.warmup_y.push_back(y);
  hs.overlap_sum += static_cast<double>(overlap);
  hs.pending.push_back({sample, y});
  hs.pending_x.insert(hs.pending_x.end(), xs, xs + signals_.size());
  if (hs.warmup_y.size() >= options_.warmup_samples) start_horizon(h);
}

void PredictiveGrid::start_horizon(std::size_t h) {
  HorizonState& hs = horizons_[h];
  if (hs.ready) return;
  build_signal_coders();  // a no-op unless the data ended before the signals' warm-up did
  const double n = std::max<double>(1.0, static_cast<double>(hs.warmup_y.size()));
  const double y_shift = std::accumulate(hs.warmup_y.begin(), hs.warmup_y.end(), 0.0) / n;
  const double mean_overlap = hs.overlap_sum / n;
  const auto block = std::max<std::size_t>(
      options_.min_block_samples,
      static_cast<std::size_t>(std::ceil(options_.block_factor * mean_overlap)));
  hs.cdf = EmpiricalCdf(std::move(hs.warmup_y));
  hs.warmup_y = {};
  hs.y_shift = y_shift;
  hs.block_samples = static_cast<double>(std::max<std::size_t>(1, block));
  hs.until_full = static_cast<std::int64_t>(hs.block_samples);
  hs.move_ranks.resize(2 * kMoveTable + 1);
  for (std::int64_t k = -kMoveTable; k <= kMoveTable; ++k)
    hs.move_ranks[static_cast<std::size_t>(k + kMoveTable)] = hs.cdf(static_cast<double>(k) * 0.5);
  hs.ready = true;
  const std::size_t signals = signals_.size();
  for (std::size_t s = 0; s < signals; ++s) {
    accumulators_[h * signals + s].start(signals_[s].shift, y_shift, block, signals_[s].edges);
  }
  // Replay in completion order, so the blocks hold consecutive samples.
  for (std::size_t e = 0; e < hs.pending.size(); ++e) {
    const PendingCompletion& p = hs.pending[e];
    const auto i = static_cast<std::size_t>(p.sample);
    for (std::size_t s = 0; s < signals; ++s) {
      const double x = hs.pending_x[e * signals + s];
      const SignalState& st = signals_[s];
      SignalCode c;
      if (!std::isnan(x))
        c = i < st.warmup_codes.size() ? st.warmup_codes[i]
                                       : SignalCode{st.cdf(x), bucket_of(st, x)};
      lane_x_[s] = x;
      lane_u_[s] = c.rank;
      lane_b_[s] = c.bucket;
    }
    add(h, lane_x_.data(), lane_u_.data(), lane_b_.data(), p.y, move_rank(hs, p.y));
  }
  hs.pending = {};
  hs.pending_x = {};
  bool all_started = true;
  for (const HorizonState& other : horizons_) all_started = all_started && other.ready;
  if (all_started)
    for (SignalState& st : signals_) st.warmup_codes = {};
}

void PredictiveGrid::finish() {
  for (std::size_t h = 0; h < horizons_.size(); ++h) {
    start_horizon(h);
    // The last, partial blocks.
    for (std::size_t s = 0; s < signals_.size(); ++s)
      if (open_[(h * pairs_ + s / 2) * kMomentCount + kN][s % 2] > 0) close_block(h, s);
  }
}

std::vector<PredictiveResult> PredictiveGrid::results() const {
  std::vector<PredictiveResult> out;
  for (std::size_t s = 0; s < signals_.size(); ++s) {
    for (std::size_t h = 0; h < horizons_.size(); ++h) {
      PredictiveResult r = accumulators_[h * signals_.size() + s].result();
      r.signal = signals_[s].axis.name;
      r.horizon = horizons_[h].label;
      r.bucket_method = signals_[s].axis.fixed_buckets ? "fixed" : "quantile";
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::size_t PredictiveGrid::pending_pairs() const {
  std::size_t n = 0;
  for (const HorizonState& hs : horizons_) n += hs.pending.size();
  return n;
}

}  // namespace tilt::study
