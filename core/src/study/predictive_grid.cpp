#include "tilt/study/predictive_grid.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstring>
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
  const std::size_t signal_n = signals_.size(), horizon_n = horizons_.size();
  open_.assign(horizon_n * signal_n, MomentVector{});
  open_buckets_.assign(horizon_n * signal_n * options_.buckets, BucketVector{});
  lane_x_.assign(signal_n, std::numeric_limits<double>::quiet_NaN());
  lane_u_.assign(signal_n, 0.5);
  lane_b_.assign(signal_n, 0);
  closing_buckets_.resize(options_.buckets);
  const std::size_t column = kSegment + 1;
  for (auto* v : {&seg_dx_, &seg_du_, &seg_one_}) v->assign(signal_n * column, 0);
  for (auto* v : {&seg_dy_, &seg_dv_, &seg_sign_}) v->assign(horizon_n * column, 0);
  seg_y_.assign(kSegment * (horizon_n + horizon_n % 2), 0);  // the pad lane stays 0
  seg_sample_sums_.resize(signal_n);
  seg_xy_.assign(signal_n, 0);
  seg_uv_.assign(signal_n, 0);
  seg_nz_bits_.assign(signal_n * kWords, 0);
  seg_up_bits_.assign(signal_n * kWords, 0);
  seg_pos_bits_.assign(horizon_n * kWords, 0);
  seg_neg_bits_.assign(horizon_n * kWords, 0);
  batch_x_.reserve(signal_n);
  batch_u_.reserve(signal_n);
  batch_b_.reserve(signal_n);
  batch_y_.reserve(horizon_n);
  seg_buckets_.assign((options_.buckets + 1) * (2 + horizon_n + horizon_n % 2), 0);
}

void PredictiveGrid::close_block(std::size_t h, std::size_t s) {
  const std::size_t cell = h * signals_.size() + s;
  MomentVector& m = open_[cell];
  const MomentVector block = m;
  m = MomentVector{};
  BucketVector* q = &open_buckets_[cell * options_.buckets];
  for (std::size_t b = 0; b < options_.buckets; ++b) {
    closing_buckets_[b] = q[b];
    q[b] = BucketVector{};
  }
  accumulators_[cell].add_block(block, closing_buckets_.data());
}

namespace {

/// Two samples' terms in one SSE2 register (GCC/Clang vector extension).
using Pair = double __attribute__((vector_size(16)));

Pair load_pair(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store_pair(double* p, Pair v) {
  std::memcpy(p, &v, sizeof v);
}
double lanes_sum(Pair v) {
  return v[0] + v[1];
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A comparison's two lanes as bits 0 and 1.
std::uint64_t mask_bits(Mask m) {
#if defined(__SSE2__)
  return static_cast<std::uint64_t>(_mm_movemask_pd(std::bit_cast<__m128d>(m)));
#else
  return static_cast<std::uint64_t>(m[0] & 1) | static_cast<std::uint64_t>(m[1] & 2);
#endif
}

/// Σ dx·dy and Σ du·dv over `pairs` pairs for G signals against one horizon's moves: the move
/// terms are loaded once for the G signals. Each sum adds the same products in the same order as
/// a loop per signal would.
template <std::size_t G>
void products(const double* dy, const double* dv, const double* const* dx, const double* const* du,
              std::size_t pairs, double* xy_out, double* uv_out) {
  Pair xy[G], uv[G];
  for (std::size_t g = 0; g < G; ++g) xy[g] = uv[g] = Pair{};
  for (std::size_t p = 0; p < pairs; ++p) {
    const Pair d = load_pair(dy + 2 * p), e = load_pair(dv + 2 * p);
    for (std::size_t g = 0; g < G; ++g) {
      xy[g] += load_pair(dx[g] + 2 * p) * d;
      uv[g] += load_pair(du[g] + 2 * p) * e;
    }
  }
  for (std::size_t g = 0; g < G; ++g) {
    xy_out[g] = lanes_sum(xy[g]);
    uv_out[g] = lanes_sum(uv[g]);
  }
}

}  // namespace

void PredictiveGrid::add_batch(const double* const* xs, const double* const* ranks,
                               const std::uint32_t* const* buckets, const double* const* ys,
                               std::size_t n) {
  add_columns(0, horizons_.size(), xs, ranks, buckets, ys, n);
}

void PredictiveGrid::add_columns(std::size_t h0, std::size_t h1, const double* const* xs,
                                 const double* const* ranks, const std::uint32_t* const* buckets,
                                 const double* const* ys, std::size_t n) {
  const std::size_t signals = signals_.size(), horizons = horizons_.size();
  std::vector<const double*>& x = batch_x_;
  std::vector<const double*>& u = batch_u_;
  std::vector<const std::uint32_t*>& b = batch_b_;
  std::vector<const double*>& y = batch_y_;
  x.assign(xs, xs + signals);
  u.assign(ranks, ranks + signals);
  b.assign(buckets, buckets + signals);
  y.assign(ys, ys + horizons);
  while (n > 0) {
    // No block may fill before the segment's end: at most each cell's room left.
    std::size_t len = n < kSegment ? n : kSegment;
    for (std::size_t h = h0; h < h1; ++h) {
      for (std::size_t s = 0; s < signals; ++s) {
        const auto room =
            static_cast<std::size_t>(horizons_[h].block_samples - open_[h * signals + s][kN]);
        len = room < len ? room : len;
      }
    }
    add_segment(h0, h1, x.data(), u.data(), b.data(), y.data(), len);
    for (auto& p : x) p += len;
    for (auto& p : u) p += len;
    for (auto& p : b) p += len;
    for (std::size_t h = h0; h < h1; ++h) y[h] += len;
    n -= len;
  }
}

void PredictiveGrid::add_segment(std::size_t h0, std::size_t h1, const double* const* xs,
                                 const double* const* ranks, const std::uint32_t* const* bucket_ids,
                                 const double* const* ys, std::size_t len) {
  const std::size_t signals = signals_.size(), horizons = horizons_.size();
  const std::size_t column = kSegment + 1, pairs = (len + 1) / 2, buckets = options_.buckets;
  const Pair zero{};
  // Terms of the samples alone, once per signal; sums of the sample-only moments.
  std::vector<std::array<double, 5>>& sample_sums = seg_sample_sums_;  // N, X, XX, U, UU
  for (std::size_t s = 0; s < signals; ++s) {
    const double* x = xs[s];
    const double* r = ranks[s];
    const double shift = signals_[s].shift;
    double* dx = &seg_dx_[s * column];
    double* du = &seg_du_[s * column];
    double* one = &seg_one_[s * column];
    std::uint64_t* nz_bits = &seg_nz_bits_[s * kWords];
    std::uint64_t* up_bits = &seg_up_bits_[s * kWords];
    // Two samples at a time with masks (validity and signs are coin tosses to a branch); an odd
    // last sample is paired with an invalid one, which writes zeros into the pad slot. The bit
    // masks are gathered a word (32 pairs) at a time.
    const Pair unit = zero + 1.0;
    for (std::size_t w = 0, p = 0; p < pairs; ++w) {
      std::uint64_t nz_word = 0, up_word = 0;
      for (const std::size_t end = std::min(pairs, p + 32); p < end; ++p) {
        const std::size_t i = 2 * p;
        const bool last_odd = i + 1 == len;
        const Pair xi = last_odd ? Pair{x[i], kNaN} : load_pair(x + i);
        const Pair ri = last_odd ? Pair{r[i], 0.5} : load_pair(r + i);
        const auto valid = xi == xi;  // NOLINT(misc-redundant-expression): not NaN
        const Pair o = valid ? unit : zero;
        store_pair(one + i, o);
        store_pair(dx + i, valid ? xi - shift : zero);
        store_pair(du + i, valid ? ri - 0.5 : zero);
        nz_word |= mask_bits((xi != 0.0) & valid) << (i % 64);
        up_word |= mask_bits(xi > 0.0) << (i % 64);
      }
      nz_bits[w] = nz_word;
      up_bits[w] = up_word;
    }
    dx[len] = du[len] = one[len] = 0;
    Pair n_sum = zero, x_sum = zero, xx_sum = zero, u_sum = zero, uu_sum = zero;
    for (std::size_t p = 0; p < pairs; ++p) {
      const Pair o = load_pair(one + 2 * p), d = load_pair(dx + 2 * p), e = load_pair(du + 2 * p);
      n_sum += o;
      x_sum += d;
      xx_sum += d * d;
      u_sum += e;
      uu_sum += e * e;
    }
    sample_sums[s] = {lanes_sum(n_sum), lanes_sum(x_sum), lanes_sum(xx_sum), lanes_sum(u_sum),
                      lanes_sum(uu_sum)};
  }
  // Bucket sums: count, Σx, Σy per horizon (rounded up to whole pairs); moves by sample.
  const std::size_t stride = horizons + horizons % 2, width = 2 + stride;
  // Terms of the moves alone, once per horizon.
  for (std::size_t h = h0; h < h1; ++h) {
    const HorizonState& hs = horizons_[h];
    const double* y = ys[h];
    double* dy = &seg_dy_[h * column];
    double* dv = &seg_dv_[h * column];
    double* sign = &seg_sign_[h * column];
    const double* table = hs.move_ranks.data() + kMoveTable;  // held in a register
    for (std::size_t i = 0; i < len; ++i) {
      dv[i] = move_rank(table, hs.cdf, y[i]) - 0.5;
      seg_y_[i * stride + h] = y[i];
    }
    std::uint64_t* pos_bits = &seg_pos_bits_[h * kWords];
    std::uint64_t* neg_bits = &seg_neg_bits_[h * kWords];
    const Pair unit = zero + 1.0;
    for (std::size_t w = 0, p = 0; w < (len + 63) / 64; ++w) {
      std::uint64_t pos_word = 0, neg_word = 0;
      for (const std::size_t end = std::min(len / 2, p + 32); p < end; ++p) {
        const Pair yi = load_pair(y + 2 * p);
        store_pair(dy + 2 * p, yi - hs.y_shift);
        store_pair(sign + 2 * p, (yi > 0.0 ? unit : zero) - (yi < 0.0 ? unit : zero));
        pos_word |= mask_bits(yi > 0.0) << (2 * p % 64);
        neg_word |= mask_bits(yi < 0.0) << (2 * p % 64);
      }
      pos_bits[w] = pos_word;
      neg_bits[w] = neg_word;
    }
    if (len % 2 == 1) {
      const std::size_t i = len - 1;
      dy[i] = y[i] - hs.y_shift;
      sign[i] = y[i] > 0 ? 1.0 : (y[i] < 0 ? -1.0 : 0.0);
      pos_bits[i / 64] |= static_cast<std::uint64_t>(y[i] > 0) << (i % 64);
      neg_bits[i / 64] |= static_cast<std::uint64_t>(y[i] < 0) << (i % 64);
    }
    dy[len] = dv[len] = sign[len] = 0;
  }
  // Per signal x horizon: the products, and the move-only sums (over the signal's valid samples).
  for (std::size_t h = h0; h < h1; ++h) {
    const double* dy = &seg_dy_[h * column];
    const double* dv = &seg_dv_[h * column];
    const double* sign = &seg_sign_[h * column];
    std::array<double, 5> move_sums{};  // Y, YY, V, VV, moves over every sample
    bool move_sums_done = false;
    // The products, up to four signals at a time.
    double* xy = seg_xy_.data();
    double* uv = seg_uv_.data();
    for (std::size_t s0 = 0; s0 < signals; s0 += 4) {
      const std::size_t g = std::min<std::size_t>(4, signals - s0);
      const double* dx[4];
      const double* du[4];
      for (std::size_t k = 0; k < g; ++k) {
        dx[k] = &seg_dx_[(s0 + k) * column];
        du[k] = &seg_du_[(s0 + k) * column];
      }
      switch (g) {
        case 1:
          products<1>(dy, dv, dx, du, pairs, xy + s0, uv + s0);
          break;
        case 2:
          products<2>(dy, dv, dx, du, pairs, xy + s0, uv + s0);
          break;
        case 3:
          products<3>(dy, dv, dx, du, pairs, xy + s0, uv + s0);
          break;
        default:
          products<4>(dy, dv, dx, du, pairs, xy + s0, uv + s0);
          break;
      }
    }
    const std::uint64_t* pos_bits = &seg_pos_bits_[h * kWords];
    const std::uint64_t* neg_bits = &seg_neg_bits_[h * kWords];
    const std::size_t words = (len + 63) / 64;
    for (std::size_t s = 0; s < signals; ++s) {
      // Counts as bits (exact, as the 0/1 sums they replace): eligible = x != 0 (valid) and the
      // mid moved; a hit: y > 0 with x > 0, or y < 0 with x < 0.
      const std::uint64_t* nz_bits = &seg_nz_bits_[s * kWords];
      const std::uint64_t* up_bits = &seg_up_bits_[s * kWords];
      std::int64_t eligible = 0, hits = 0;
      for (std::size_t w = 0; w < words; ++w) {
        eligible += std::popcount(nz_bits[w] & (pos_bits[w] | neg_bits[w]));
        hits +=
            std::popcount(nz_bits[w] & ((up_bits[w] & pos_bits[w]) | (~up_bits[w] & neg_bits[w])));
      }
      const std::array<double, 5>& ss = sample_sums[s];
      std::array<double, 5> ms;
      if (ss[0] == static_cast<double>(len)) {  // every sample valid: the horizon's sums
        if (!move_sums_done) {
          Pair y1 = zero, y2 = zero, v1 = zero, v2 = zero, mv = zero;
          for (std::size_t p = 0; p < pairs; ++p) {
            const Pair d = load_pair(dy + 2 * p), e = load_pair(dv + 2 * p),
                       g = load_pair(sign + 2 * p);
            y1 += d;
            y2 += d * d;
            v1 += e;
            v2 += e * e;
            mv += g * g;
          }
          move_sums = {lanes_sum(y1), lanes_sum(y2), lanes_sum(v1), lanes_sum(v2), lanes_sum(mv)};
          move_sums_done = true;
        }
        ms = move_sums;
      } else {
        const double* one = &seg_one_[s * column];
        Pair y1 = zero, y2 = zero, v1 = zero, v2 = zero, mv = zero;
        for (std::size_t p = 0; p < pairs; ++p) {
          const Pair o = load_pair(one + 2 * p), d = o * load_pair(dy + 2 * p),
                     e = o * load_pair(dv + 2 * p), g = load_pair(sign + 2 * p);
          y1 += d;
          y2 += d * d;
          v1 += e;
          v2 += e * e;
          mv += o * (g * g);
        }
        ms = {lanes_sum(y1), lanes_sum(y2), lanes_sum(v1), lanes_sum(v2), lanes_sum(mv)};
      }
      MomentVector& m = open_[h * signals + s];
      m[kN] += ss[0];
      m[kX] += ss[1];
      m[kY] += ms[0];
      m[kXX] += ss[2];
      m[kXY] += xy[s];
      m[kYY] += ms[1];
      m[kMoves] += ms[4];
      m[kEligible] += static_cast<double>(eligible);
      m[kHits] += static_cast<double>(hits);
      m[kU] += ss[3];
      m[kV] += ms[2];
      m[kUU] += ss[4];
      m[kVV] += ms[3];
      m[kUV] += uv[s];
    }
  }
  // Bucket sums: per signal, one scatter per sample with every horizon's move side by side.
  for (std::size_t s = 0; s < signals; ++s) {
    std::fill(seg_buckets_.begin(), seg_buckets_.end(), 0.0);
    const double* x = xs[s];
    const std::uint32_t* bucket = bucket_ids[s];  // invalid values: the spare row
    switch (stride) {                             // the usual horizon counts unrolled
      case 2:
        scatter_buckets<2>(x, bucket, len);
        break;
      case 4:
        scatter_buckets<4>(x, bucket, len);
        break;
      case 6:
        scatter_buckets<6>(x, bucket, len);
        break;
      case 8:
        scatter_buckets<8>(x, bucket, len);
        break;
      default:
        scatter_buckets<0>(x, bucket, len);
        break;
    }
    for (std::size_t h = h0; h < h1; ++h) {
      BucketVector* open = &open_buckets_[(h * signals + s) * buckets];
      for (std::size_t k = 0; k < buckets; ++k) {
        const double* q = &seg_buckets_[k * width];
        static_assert(kBucketN == 0 && kBucketX == 1);  // count and Σx as one pair
        store_pair(&open[k][kBucketN], load_pair(&open[k][kBucketN]) + load_pair(q));
        open[k][kBucketY] += q[2 + h];
      }
    }
  }
  for (std::size_t h = h0; h < h1; ++h)
    for (std::size_t s = 0; s < signals; ++s)
      if (open_[h * signals + s][kN] == horizons_[h].block_samples) close_block(h, s);
}

template <std::size_t kStride>
void PredictiveGrid::scatter_buckets(const double* x, const std::uint32_t* bucket,
                                     std::size_t len) {
  const std::size_t horizons = horizons_.size();
  const std::size_t stride = kStride != 0 ? kStride : horizons + horizons % 2, width = 2 + stride;
  for (std::size_t i = 0; i < len; ++i) {
    double* q = &seg_buckets_[bucket[i] * width];
    store_pair(q, load_pair(q) + Pair{1.0, x[i]});
    const double* y = &seg_y_[i * stride];
    for (std::size_t j = 0; j < stride; j += 2)
      store_pair(q + 2 + j, load_pair(q + 2 + j) + load_pair(y + j));
  }
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
    st.cdf = EmpiricalCdf(std::move(valid));
    st.edges.assign(buckets + 1, 0.0);
    for (std::size_t b = 0; b <= buckets; ++b) {
      const double q = static_cast<double>(b) / static_cast<double>(buckets);
      st.edges[b] = st.axis.fixed_buckets ? st.axis.lower + q * (st.axis.upper - st.axis.lower)
                                          : st.cdf.quantile(q);
    }
    // The outer edges are for reports only: the end buckets take everything beyond them.
    st.inner_edges.assign(buckets / 2, EdgePair{kNaN, kNaN});
    for (std::size_t b = 1; b < buckets; ++b)
      st.inner_edges[(b - 1) / 2][(b - 1) % 2] = st.edges[b];
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
  hs.move_ranks.resize(2 * kMoveTable + 1);
  for (std::int64_t k = -kMoveTable; k <= kMoveTable; ++k)
    hs.move_ranks[static_cast<std::size_t>(k + kMoveTable)] = hs.cdf(static_cast<double>(k) * 0.5);
  hs.ready = true;
  const std::size_t signals = signals_.size();
  for (std::size_t s = 0; s < signals; ++s) {
    accumulators_[h * signals + s].start(signals_[s].shift, y_shift, block, signals_[s].edges);
  }
  // Replay in completion order, so the blocks hold consecutive samples: as columns, in one batch
  // for this horizon (the same sums as one by one, see add_segment).
  const std::size_t count = hs.pending.size();
  std::vector<double> xs(signals * count), ranks(signals * count), ys(count);
  std::vector<std::uint32_t> buckets(signals * count);
  for (std::size_t e = 0; e < count; ++e) {
    const PendingCompletion& p = hs.pending[e];
    const auto i = static_cast<std::size_t>(p.sample);
    ys[e] = p.y;
    for (std::size_t s = 0; s < signals; ++s) {
      const double x = hs.pending_x[e * signals + s];
      const SignalState& st = signals_[s];
      SignalCode c;
      if (!std::isnan(x))
        c = i < st.warmup_codes.size() ? st.warmup_codes[i]
                                       : SignalCode{st.cdf(x), bucket_of(st, x)};
      xs[s * count + e] = x;
      ranks[s * count + e] = c.rank;
      buckets[s * count + e] =
          std::isnan(x) ? static_cast<std::uint32_t>(options_.buckets) : c.bucket;
    }
  }
  std::vector<const double*> x_columns(signals), rank_columns(signals), y_columns(horizons_.size());
  std::vector<const std::uint32_t*> bucket_columns(signals);
  for (std::size_t s = 0; s < signals; ++s) {
    x_columns[s] = &xs[s * count];
    rank_columns[s] = &ranks[s * count];
    bucket_columns[s] = &buckets[s * count];
  }
  y_columns[h] = ys.data();
  add_columns(h, h + 1, x_columns.data(), rank_columns.data(), bucket_columns.data(),
              y_columns.data(), count);
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
      if (open_[h * signals_.size() + s][kN] > 0) close_block(h, s);
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
