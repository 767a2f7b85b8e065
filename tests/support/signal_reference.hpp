// From-scratch reference values for the signals, computed from a (naive) book and a full history
// instead of incrementally. Written straight from the formulas in the signal headers, sharing no
// code with them, so the property tests compare two independent derivations.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "support/naive_book.hpp"
#include "tilt/types.hpp"

namespace tilt::testing {

struct RefValue {
  std::optional<double> value;  ///< nullopt = the signal must report valid = false
};

inline RefValue ref_queue_imbalance(const NaiveBook& b) {
  const auto bid = b.best(Side::buy);
  const auto ask = b.best(Side::sell);
  if (!bid || !ask) return {};
  const double vb = static_cast<double>(bid->qty);
  const double va = static_cast<double>(ask->qty);
  return {(vb - va) / (vb + va)};
}

inline RefValue ref_weighted_mid(const NaiveBook& b) {
  const auto bid = b.best(Side::buy);
  const auto ask = b.best(Side::sell);
  if (!bid || !ask) return {};
  const double pb = static_cast<double>(bid->price);
  const double pa = static_cast<double>(ask->price);
  const double vb = static_cast<double>(bid->qty);
  const double va = static_cast<double>(ask->qty);
  return {(pb * va + pa * vb) / (va + vb)};
}

inline RefValue ref_micro_price(const NaiveBook& b, int buckets) {
  const auto bid = b.best(Side::buy);
  const auto ask = b.best(Side::sell);
  if (!bid || !ask) return {};
  // Imbalance bucket edges at -1 + 2k/B, i.e. Vb/(Vb+Va) = k/B; a value on an edge belongs to the
  // upper bucket.
  int bucket = 0;
  for (int k = 1; k < buckets; ++k) {
    // Compare Vb/(Vb+Va) >= k/B exactly in integers to match the documented boundary rule.
    if (bid->qty * buckets >= k * (bid->qty + ask->qty)) bucket = k;
  }
  const double centre = -1.0 + (2.0 * bucket + 1.0) / buckets;
  const double spread = static_cast<double>(ask->price - bid->price);
  const double mid = (static_cast<double>(bid->price) + static_cast<double>(ask->price)) / 2.0;
  return {mid + spread * centre / 2.0};
}

inline RefValue ref_depth_imbalance(const NaiveBook& b, std::size_t n, int weights, double decay) {
  // weights: 0 none, 1 linear, 2 exponential
  if (b.empty(Side::buy) || b.empty(Side::sell)) return {};
  double sums[2] = {0, 0};
  for (int s = 0; s < 2; ++s) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto l = b.level(s == 0 ? Side::buy : Side::sell, i);
      if (!l) break;
      double w = 1.0;
      if (weights == 1) w = static_cast<double>(n - i) / static_cast<double>(n);
      if (weights == 2) w = std::exp(-decay * static_cast<double>(i));
      sums[s] += w * static_cast<double>(l->qty);
    }
  }
  return {(sums[0] - sums[1]) / (sums[0] + sums[1])};
}

/// The top M levels of both sides after one counted book event, as the OFI definition sees them.
struct OfiState {
  Timestamp local_ts = 0;
  std::vector<std::optional<Level>> bids;
  std::vector<std::optional<Level>> asks;
};

inline OfiState ofi_state(const NaiveBook& b, std::size_t m, Timestamp ts) {
  OfiState s;
  s.local_ts = ts;
  for (std::size_t i = 0; i < m; ++i) {
    s.bids.push_back(b.level(Side::buy, i));
    s.asks.push_back(b.level(Side::sell, i));
  }
  return s;
}

/// e_n summed over levels, literally from the indicator formula of Cont, Kukanov & Stoikov (2014);
/// a missing level is price -inf (bid) / +inf (ask) with size 0.
inline std::int64_t ofi_flow(const OfiState& before, const OfiState& after) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::int64_t e = 0;
  for (std::size_t m = 0; m < after.bids.size(); ++m) {
    const double pb0 = before.bids[m] ? static_cast<double>(before.bids[m]->price) : -inf;
    const double pb1 = after.bids[m] ? static_cast<double>(after.bids[m]->price) : -inf;
    const Qty qb0 = before.bids[m] ? before.bids[m]->qty : 0;
    const Qty qb1 = after.bids[m] ? after.bids[m]->qty : 0;
    const double pa0 = before.asks[m] ? static_cast<double>(before.asks[m]->price) : inf;
    const double pa1 = after.asks[m] ? static_cast<double>(after.asks[m]->price) : inf;
    const Qty qa0 = before.asks[m] ? before.asks[m]->qty : 0;
    const Qty qa1 = after.asks[m] ? after.asks[m]->qty : 0;
    e += (pb1 >= pb0 ? qb1 : 0) - (pb1 <= pb0 ? qb0 : 0) - (pa1 <= pa0 ? qa1 : 0) +
         (pa1 >= pa0 ? qa0 : 0);
  }
  return e;
}

inline std::int64_t ofi_depth(const OfiState& s) {
  std::int64_t d = 0;
  for (std::size_t m = 0; m < s.bids.size(); ++m) {
    d += (s.bids[m] ? s.bids[m]->qty : 0) + (s.asks[m] ? s.asks[m]->qty : 0);
  }
  return d;
}

}  // namespace tilt::testing
