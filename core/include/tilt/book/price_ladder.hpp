// One side of a market-by-price book: an array ladder around the touch with a sorted overflow.
//
// Layout. Prices are mapped to a "distance key" that grows away from the touch on both sides
// (key = -price for bids, +price for asks), so the best level is always the smallest key. A dense
// array `qty_[key - lo_]` of `window` slots covers the keys nearest the touch; levels deeper than
// the window live in `overflow_`, a vector sorted by key. Nothing is ever dropped: a level anywhere
// is either in the window or in the overflow.
//
// Invariants (checked by check_invariants() in debug tests):
//   * no level has a key below lo_ (the window always starts at or before the best level);
//   * overflow_ holds only keys >= lo_ + window, strictly increasing, all sizes > 0;
//   * best_ is the smallest non-empty window index, or window when the window is empty, in which
//     case the overflow is empty too.
//
// Complexity. An update inside the window is O(1); removing the best level scans to the next one,
// O(gap in ticks). When the touch leaves the window (a better price arrives) or drifts past its
// middle, the ladder recentres so that the best level sits a quarter of the way in: O(window +
// levels), but only after the touch has moved window/4 ticks, so O(1) amortised per tick of drift.
// Updates outside the window cost O(log L + L) for L overflow levels (a vector insert) and may
// allocate; they are rare because the window covers the prices that trade.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "tilt/book/level.hpp"
#include "tilt/types.hpp"

namespace tilt {

class PriceLadder {
 public:
  static constexpr std::size_t kDefaultWindow = 2048;

  /// `window` ticks of dense storage around the touch (at least 8).
  explicit PriceLadder(Side side, std::size_t window = kDefaultWindow);

  Side side() const { return side_; }
  /// The price's distance key: -price for bids, +price for asks (smaller = closer to the touch).
  std::int64_t key(Price price) const { return (price ^ flip_) - flip_; }

  /// Sets the absolute size at `price` (qty >= 0; 0 removes the level) and returns the old size.
  Qty set(Price price, Qty qty) {
    const std::int64_t idx = key(price) - lo_;
    if (idx >= 0 && idx < static_cast<std::int64_t>(window_)) [[likely]] {
      return set_in_window(static_cast<std::size_t>(idx), qty);
    }
    return set_outside(price, qty);
  }

  /// Removes every level at `price` or better (for bids: price >= `price`; for asks: <=).
  /// Returns how many levels were removed.
  std::int64_t remove_through(Price price);

  void clear();

  bool empty() const { return levels_ == 0; }
  /// Number of non-empty levels.
  std::size_t depth() const { return levels_; }
  /// The best level (highest bid, lowest ask). Precondition: !empty().
  Level best() const { return Level{price_of(best_), qty_[best_]}; }
  Qty qty_at(Price price) const;
  /// The k-th level from the touch (0 = best), or nullopt when the side has <= k levels.
  std::optional<Level> level(std::size_t k) const;
  /// Copies up to out.size() levels from the touch outwards; returns how many were written.
  /// Inline: the multi-level signals call it on every event.
  std::size_t top(std::span<Level> out) const {
    std::size_t n = 0;
    const std::size_t want = out.size();
    if (want == 0 || levels_ == 0) return 0;
    for (std::size_t i = best_; i < hi_; ++i) {
      if (qty_[i] == 0) continue;
      out[n++] = Level{price_of(i), qty_[i]};
      if (n == want) return n;
    }
    return top_overflow(out, n);
  }
  /// Total size over the best `n` levels (fewer if the side has fewer).
  Qty total_qty(std::size_t n) const;

  /// Calls fn(const Level&) for every level from the touch outwards. If fn returns bool, false
  /// stops.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    if (levels_ == 0) return;
    for (std::size_t i = best_; i < hi_; ++i) {
      if (qty_[i] == 0) continue;
      if (!call(fn, Level{price_of(i), qty_[i]})) return;
    }
    for (const Slot& s : overflow_) {
      if (!call(fn, Level{price_of_key(s.key), s.qty})) return;
    }
  }

  /// Empty when the invariants above hold, else a description of the first violation.
  std::string check_invariants() const;

 private:
  struct Slot {
    std::int64_t key;
    Qty qty;
  };

  template <typename Fn>
  static bool call(Fn& fn, const Level& level) {
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, const Level&>, bool>) {
      return fn(level);
    } else {
      fn(level);
      return true;
    }
  }

  // Negation by mask (flip_ = -1 for bids, 0 for asks): no branch on the side, which is a coin
  // toss per event and mispredicted half the time as a branch.
  Price price_of_key(std::int64_t k) const { return (k ^ flip_) - flip_; }
  Price price_of(std::size_t idx) const {
    return price_of_key(lo_ + static_cast<std::int64_t>(idx));
  }

  Qty set_in_window(std::size_t idx, Qty qty) {
    Qty& slot = qty_[idx];
    const Qty old = slot;
    slot = qty;
    if (old == 0) {
      if (qty == 0) return 0;
      ++levels_;
      if (idx < best_) best_ = idx;
      if (idx >= hi_) hi_ = idx + 1;
    } else if (qty == 0) {
      --levels_;
      if (idx == best_) advance_best();
    }
    return old;
  }

  Qty set_outside(Price price, Qty qty);
  std::size_t top_overflow(std::span<Level> out, std::size_t n) const;
  void advance_best();
  void recenter(std::int64_t new_lo);

  Side side_;
  std::int64_t flip_;  ///< -1 for bids, 0 for asks (see key())
  std::size_t window_;
  std::vector<Qty> qty_;        ///< window_ slots; 0 = no level
  std::int64_t lo_ = 0;         ///< key of qty_[0]
  std::size_t best_;            ///< smallest non-empty index, window_ when the window is empty
  std::size_t hi_ = 0;          ///< one past the largest index that may be non-empty
  std::size_t levels_ = 0;      ///< non-empty levels, window and overflow
  std::vector<Slot> overflow_;  ///< keys >= lo_ + window_, increasing
  std::vector<Slot> scratch_;   ///< reused by recenter()
};

}  // namespace tilt
