#include "tilt/study/micro_price_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tilt::study {
namespace {

/// Solves A·X = B in place for n×n A and n×m B (row-major) by Gaussian elimination with partial
/// pivoting; a singular pivot leaves that row of X at 0.
void solve(std::vector<double> a, std::vector<double>& b, std::size_t n, std::size_t m) {
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
    if (std::abs(a[pivot * n + col]) < 1e-300) continue;
    if (pivot != col) {
      for (std::size_t k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
      for (std::size_t k = 0; k < m; ++k) std::swap(b[col * m + k], b[pivot * m + k]);
    }
    const double d = a[col * n + col];
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[r * n + col] / d;
      if (f == 0.0) continue;
      for (std::size_t k = col; k < n; ++k) a[r * n + k] -= f * a[col * n + k];
      for (std::size_t k = 0; k < m; ++k) b[r * m + k] -= f * b[col * m + k];
    }
  }
  for (std::size_t r = 0; r < n; ++r) {
    const double d = a[r * n + r];
    for (std::size_t k = 0; k < m; ++k)
      b[r * m + k] = std::abs(d) < 1e-300 ? 0.0 : b[r * m + k] / d;
  }
}

}  // namespace

MicroPriceEstimator::MicroPriceEstimator(std::size_t buckets, std::int64_t max_spread_ticks,
                                         int iterations)
    : buckets_(buckets),
      max_spread_(max_spread_ticks),
      iterations_(iterations),
      states_(buckets * static_cast<std::size_t>(max_spread_ticks)),
      no_move_(states_ * states_),
      move_(states_ * states_),
      move_sum_(states_),
      visits_(states_) {}

std::size_t MicroPriceEstimator::bucket_of(const BookTop& top) const {
  const Qty total = top.bid_qty + top.ask_qty;
  if (total <= 0) return buckets_ / 2;
  const Qty scaled = top.bid_qty * static_cast<Qty>(buckets_);
  // 32-bit division when it fits (the common case): several times faster, same quotient.
  constexpr Qty kU32Max = 0xffffffff;
  const auto b = scaled <= kU32Max && total <= kU32Max
                     ? static_cast<std::size_t>(static_cast<std::uint32_t>(scaled) /
                                                static_cast<std::uint32_t>(total))
                     : static_cast<std::size_t>(scaled / total);
  return std::min(b, buckets_ - 1);
}

void MicroPriceEstimator::count(std::size_t from, std::size_t to, std::int64_t dmid2) {
  visits_[from] += 1;
  if (dmid2 == 0) {
    no_move_[from * states_ + to] += 1;
  } else {
    move_[from * states_ + to] += 1;
    move_sum_[from] += static_cast<double>(dmid2) * 0.5;
  }
}

void MicroPriceEstimator::on_book_message(const BookTop& top) {
  if (!top.valid || top.spread() < 1 || top.spread() > max_spread_ ||
      top.bid_qty + top.ask_qty <= 0) {
    flush_stays();
    previous_state_ = -1;
    return;
  }
  if (top.bid_qty != bucket_bid_qty_ || top.ask_qty != bucket_ask_qty_) {
    bucket_ = bucket_of(top);
    bucket_bid_qty_ = top.bid_qty;
    bucket_ask_qty_ = top.ask_qty;
  }
  const std::size_t b = bucket_;
  const auto s = static_cast<std::size_t>(top.spread() - 1);
  const std::size_t state = s * buckets_ + b;
  if (previous_state_ >= 0) {
    const auto from = static_cast<std::size_t>(previous_state_);
    const std::int64_t dmid2 = top.mid2() - previous_mid2_;
    ++steps_;
    // Most book messages change neither the touch bucket nor the mid: count those stays in a
    // run and add them in one go when the state next changes (same counts, a fraction of the
    // memory traffic).
    if (dmid2 == 0 && state == from) {
      ++stay_run_;
    } else {
      flush_stays();
      count(from, state, dmid2);
      count(mirror(from), mirror(state), -dmid2);
    }
  }
  if (static_cast<std::int64_t>(state) != previous_state_) flush_stays();
  previous_state_ = static_cast<std::int64_t>(state);
  previous_mid2_ = top.mid2();
}

std::size_t MicroPriceEstimator::mirror(std::size_t state) const {
  const std::size_t sb = state / buckets_, bb = state % buckets_;
  return sb * buckets_ + (buckets_ - 1 - bb);
}

void MicroPriceEstimator::flush_stays() {
  if (stay_run_ == 0 || previous_state_ < 0) {
    stay_run_ = 0;
    return;
  }
  const auto x = static_cast<std::size_t>(previous_state_);
  const auto run = static_cast<double>(stay_run_);
  for (const std::size_t y : {x, mirror(x)}) {
    visits_[y] += run;
    no_move_[y * states_ + y] += run;
  }
  stay_run_ = 0;
}

MicroPriceResult MicroPriceEstimator::result() const {
  MicroPriceEstimator copy = *this;  // the open run of stays counts too
  copy.flush_stays();
  return copy.solve_counts();
}

MicroPriceResult MicroPriceEstimator::solve_counts() const {
  MicroPriceResult r;
  r.buckets = buckets_;
  r.max_spread_ticks = max_spread_;
  r.iterations = iterations_;
  r.steps = steps_;
  const std::size_t n = states_;
  // A = I − Q, right-hand sides [R | T] (n × (1 + n)).
  std::vector<double> a(n * n, 0.0), rhs(n * (n + 1), 0.0);
  for (std::size_t x = 0; x < n; ++x) {
    a[x * n + x] = 1.0;
    r.observations.push_back(static_cast<std::int64_t>(visits_[x]));
    if (visits_[x] <= 0) continue;
    for (std::size_t y = 0; y < n; ++y) {
      a[x * n + y] -= no_move_[x * n + y] / visits_[x];
      rhs[x * (n + 1) + 1 + y] = move_[x * n + y] / visits_[x];
    }
    rhs[x * (n + 1)] = move_sum_[x] / visits_[x];
  }
  solve(a, rhs, n, n + 1);
  std::vector<double> g1(n), g(n), next(n);
  for (std::size_t x = 0; x < n; ++x) g1[x] = g[x] = rhs[x * (n + 1)];
  for (int k = 1; k < iterations_; ++k) {
    for (std::size_t x = 0; x < n; ++x) {
      double sum = g1[x];
      for (std::size_t y = 0; y < n; ++y) sum += rhs[x * (n + 1) + 1 + y] * g[y];
      next[x] = sum;
    }
    g.swap(next);
  }
  r.first_step_ticks = g1;
  r.adjustment_ticks = g;
  // The spread seen most often gives the signal's table.
  double best = -1;
  for (std::int64_t s = 1; s <= max_spread_; ++s) {
    double seen = 0;
    for (std::size_t b = 0; b < buckets_; ++b)
      seen += visits_[static_cast<std::size_t>(s - 1) * buckets_ + b];
    if (seen > best) {
      best = seen;
      r.table_spread_ticks = s;
    }
  }
  const auto s = static_cast<std::size_t>(r.table_spread_ticks - 1);
  for (std::size_t b = 0; b < buckets_; ++b) {
    const double fraction = g[s * buckets_ + b] / static_cast<double>(r.table_spread_ticks);
    r.table.push_back(fraction);
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", fraction);
    if (!r.table_text.empty()) r.table_text += ",";
    r.table_text += text;
  }
  return r;
}

}  // namespace tilt::study
