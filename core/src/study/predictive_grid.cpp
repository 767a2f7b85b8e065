#include "tilt/study/predictive_grid.hpp"

#include <algorithm>
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
    hs.pending.resize(signals_.size());
    horizons_.push_back(std::move(hs));
  }
  accumulators_.resize(signals_.size() * horizons_.size());
}

void PredictiveGrid::build_signal_coders() {
  const std::size_t buckets = options_.buckets;
  for (SignalState& st : signals_) {
    if (st.ready) continue;
    st.shift = st.warmup.empty() ? 0.0
                                 : std::accumulate(st.warmup.begin(), st.warmup.end(), 0.0) /
                                       static_cast<double>(st.warmup.size());
    st.cdf = EmpiricalCdf(std::move(st.warmup));
    st.warmup = {};
    st.edges.assign(buckets + 1, 0.0);
    for (std::size_t b = 0; b <= buckets; ++b) {
      const double q = static_cast<double>(b) / static_cast<double>(buckets);
      st.edges[b] = st.axis.fixed_buckets ? st.axis.lower + q * (st.axis.upper - st.axis.lower)
                                          : st.cdf.quantile(q);
    }
    // The outer edges are for reports only: the end buckets take everything beyond them.
    st.ready = true;
  }
}

void PredictiveGrid::warm_up_horizon(std::size_t h, const double* xs, double y,
                                     std::int64_t overlap) {
  HorizonState& hs = horizons_[h];
  hs.warmup_y.push_back(y);
  hs.overlap_sum += static_cast<double>(overlap);
  for (std::size_t s = 0; s < signals_.size(); ++s) {
    if (!std::isnan(xs[s])) hs.pending[s].push_back({xs[s], y});
  }
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
  hs.ready = true;
  for (std::size_t s = 0; s < signals_.size(); ++s) {
    SignalState& st = signals_[s];
    PredictiveAccumulator& acc = accumulators_[h * signals_.size() + s];
    acc.start(st.shift, y_shift, block, st.edges);
    for (const Pair& p : hs.pending[s])
      acc.add(p.x, st.cdf(p.x), bucket_of(st, p.x), p.y, hs.cdf(p.y));
    hs.pending[s] = {};
  }
}

void PredictiveGrid::finish() {
  for (std::size_t h = 0; h < horizons_.size(); ++h) start_horizon(h);
  for (PredictiveAccumulator& acc : accumulators_) acc.finish();
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
  for (const HorizonState& hs : horizons_)
    for (const auto& p : hs.pending) n += p.size();
  return n;
}

}  // namespace tilt::study
