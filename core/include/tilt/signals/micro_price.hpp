// Weighted mid and micro-price: fair-value estimates that lean the mid toward the thinner side.
//
// Weighted mid (size-weighted mid):
//   W = (Pb·Va + Pa·Vb) / (Va + Vb)                          ticks
// which equals mid + S·I/2 with S = Pa - Pb and I the level-1 queue imbalance: a full bid queue
// (I = +1) puts the fair price at the ask.
//
// Micro-price (Stoikov 2018, "The micro-price: a high-frequency estimator of future prices",
// Quantitative Finance 18(12)): the limit of expected future mids given the current imbalance and
// spread, P_micro = mid + g(I, S). Stoikov estimates g from data by a Markov chain over (imbalance
// bucket, spread). The form built in here is a fixed adjustment table by imbalance bucket, scaled
// by the spread:
//   P_micro = mid + S · g[b],   b = min(B - 1, floor((I + 1) / 2 · B))   (B buckets over [-1, 1])
// The default table is the weighted mid evaluated at each bucket's centre, g[b] = c_b / 2 with
// c_b = -1 + (2b + 1)/B, so with no estimated table the micro-price is a bucketed weighted mid.
// A table estimated offline (e.g. by `tilt study`) is passed as the `table` parameter, B values in
// fractions of the spread. Dependence on the spread beyond the linear scaling is not modelled yet.
// (Stoikov's imbalance is Vb/(Vb+Va) in [0, 1]; ours is 2·that - 1 in [-1, 1].)
//
// Both are valid only when both sides have a level; otherwise valid = false, value 0. O(1) per
// event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

class WeightedMid : public TouchSeries<WeightedMid> {
 public:
  static constexpr std::string_view kType = "weighted_mid";
  static SignalValue compute(const Touch& t) {
    if (!t.two_sided()) return {};
    // Offset from the bid keeps the products small (sizes times a spread, not times a price).
    const Qty total = t.bid.qty + t.ask.qty;
    const auto offset = static_cast<double>((t.ask.price - t.bid.price) * t.bid.qty);
    return {static_cast<double>(t.bid.price) + offset / static_cast<double>(total), true};
  }
};

class MicroPrice : public TouchSeries<MicroPrice> {
 public:
  static constexpr std::string_view kType = "micro_price";

  /// `table`: one adjustment per imbalance bucket, in fractions of the spread; must be non-empty.
  explicit MicroPrice(std::vector<double> table) : table_(std::move(table)) {}
  /// The default table for `buckets` buckets (see the header comment).
  static std::vector<double> weighted_mid_table(std::size_t buckets) {
    std::vector<double> table(buckets);
    for (std::size_t b = 0; b < buckets; ++b) {
      const double centre = -1.0 + static_cast<double>(2 * b + 1) / static_cast<double>(buckets);
      table[b] = centre / 2.0;
    }
    return table;
  }
  const std::vector<double>& table() const { return table_; }

  SignalValue compute(const Touch& t) const {
    if (!t.two_sided()) return {};
    const Qty total = t.bid.qty + t.ask.qty;
    // Bucket from (I + 1)/2 = Vb / (Vb + Va), in integers so the boundaries are exact. Sizes
    // are non-negative and almost always fit 32 bits, where division is several times faster
    // than 64-bit division and gives the same quotient.
    const Qty scaled = t.bid.qty * static_cast<Qty>(table_.size());
    auto b = scaled <= kU32Max && total <= kU32Max
                 ? static_cast<std::size_t>(static_cast<std::uint32_t>(scaled) /
                                            static_cast<std::uint32_t>(total))
                 : static_cast<std::size_t>(scaled / total);
    if (b >= table_.size()) b = table_.size() - 1;
    const auto spread = static_cast<double>(t.ask.price - t.bid.price);
    const double mid = static_cast<double>(t.bid.price + t.ask.price) * 0.5;
    return {mid + spread * table_[b], true};
  }

 private:
  static constexpr Qty kU32Max = 0xffffffff;
  std::vector<double> table_;
};

}  // namespace tilt::signals
