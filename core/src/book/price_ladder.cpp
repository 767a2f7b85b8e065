#include "tilt/book/price_ladder.hpp"

#include <algorithm>
#include <stdexcept>

namespace tilt {

PriceLadder::PriceLadder(Side side, std::size_t window)
    : side_(side),
      flip_(side == Side::buy ? -1 : 0),
      window_(std::max<std::size_t>(window, 8)),
      qty_(window_, 0),
      best_(window_) {}

void PriceLadder::clear() {
  // Only [best_, hi_) can hold sizes; clearing that range keeps a clear O(levels' span).
  if (best_ < hi_)
    std::fill(qty_.begin() + static_cast<std::ptrdiff_t>(best_),
              qty_.begin() + static_cast<std::ptrdiff_t>(hi_), Qty{0});
  best_ = window_;
  hi_ = 0;
  levels_ = 0;
  overflow_.clear();
}

Qty PriceLadder::set_outside(Price price, Qty qty) {
  const std::int64_t k = key(price);
  const auto quarter = static_cast<std::int64_t>(window_ / 4);
  if (levels_ == 0) {
    if (qty == 0) return 0;
    // Empty side: place the window so this level sits a quarter of the way in (room to improve).
    lo_ = k - quarter;
    return set_in_window(static_cast<std::size_t>(quarter), qty);
  }
  if (k < lo_) {
    // Better than anything the window covers, so nothing is stored there (first invariant).
    if (qty == 0) return 0;
    recenter(k - quarter);
    return set_in_window(static_cast<std::size_t>(k - lo_), qty);
  }
  // Deeper than the window.
  auto it = std::lower_bound(overflow_.begin(), overflow_.end(), k,
                             [](const Slot& s, std::int64_t v) { return s.key < v; });
  const bool found = it != overflow_.end() && it->key == k;
  if (!found) {
    if (qty != 0) {
      overflow_.insert(it, Slot{k, qty});
      ++levels_;
    }
    return 0;
  }
  const Qty old = it->qty;
  if (qty == 0) {
    overflow_.erase(it);
    --levels_;
  } else {
    it->qty = qty;
  }
  return old;
}

void PriceLadder::advance_best() {
  std::size_t i = best_ + 1;
  while (i < hi_ && qty_[i] == 0) ++i;
  if (i < hi_) {
    best_ = i;
    // The touch drifted past the middle: recentre so the deep half is not wasted.
    if (best_ >= window_ / 2) recenter(lo_ + static_cast<std::int64_t>(best_ - window_ / 4));
    return;
  }
  best_ = window_;
  hi_ = 0;
  if (!overflow_.empty()) recenter(overflow_.front().key - static_cast<std::int64_t>(window_ / 4));
}

void PriceLadder::recenter(std::int64_t new_lo) {
  // Move the window's levels to the front of the overflow (their keys are all below the
  // overflow's), then pull back every level that falls inside the new window.
  scratch_.clear();
  for (std::size_t i = best_; i < hi_; ++i) {
    if (qty_[i] != 0) {
      scratch_.push_back(Slot{lo_ + static_cast<std::int64_t>(i), qty_[i]});
      qty_[i] = 0;
    }
  }
  overflow_.insert(overflow_.begin(), scratch_.begin(), scratch_.end());
  lo_ = new_lo;
  best_ = window_;
  hi_ = 0;
  const std::int64_t end = lo_ + static_cast<std::int64_t>(window_);
  std::size_t moved = 0;
  for (; moved < overflow_.size() && overflow_[moved].key < end; ++moved) {
    const auto idx = static_cast<std::size_t>(overflow_[moved].key - lo_);
    qty_[idx] = overflow_[moved].qty;
    best_ = std::min(best_, idx);
    hi_ = idx + 1;
  }
  overflow_.erase(overflow_.begin(), overflow_.begin() + static_cast<std::ptrdiff_t>(moved));
}

std::int64_t PriceLadder::remove_through(Price price) {
  const std::int64_t limit = key(price);
  std::int64_t removed = 0;
  while (levels_ != 0) {
    const Level b = best();
    if (key(b.price) > limit) break;
    set(b.price, 0);
    ++removed;
  }
  return removed;
}

Qty PriceLadder::qty_at(Price price) const {
  const std::int64_t k = key(price);
  const std::int64_t idx = k - lo_;
  if (idx < 0) return 0;
  if (idx < static_cast<std::int64_t>(window_)) return qty_[static_cast<std::size_t>(idx)];
  auto it = std::lower_bound(overflow_.begin(), overflow_.end(), k,
                             [](const Slot& s, std::int64_t v) { return s.key < v; });
  return it != overflow_.end() && it->key == k ? it->qty : 0;
}

std::optional<Level> PriceLadder::level(std::size_t k) const {
  if (k >= levels_) return std::nullopt;
  std::optional<Level> found;
  std::size_t seen = 0;
  for_each([&](const Level& l) {
    if (seen++ == k) {
      found = l;
      return false;
    }
    return true;
  });
  return found;
}

std::size_t PriceLadder::top_overflow(std::span<Level> out, std::size_t n) const {
  for (const Slot& slot : overflow_) {
    if (n == out.size()) break;
    out[n++] = Level{price_of_key(slot.key), slot.qty};
  }
  return n;
}

Qty PriceLadder::total_qty(std::size_t n) const {
  Qty total = 0;
  std::size_t seen = 0;
  if (n == 0) return 0;
  for_each([&](const Level& l) {
    total += l.qty;
    return ++seen < n;
  });
  return total;
}

std::string PriceLadder::check_invariants() const {
  std::size_t count = 0;
  std::size_t first = window_;
  for (std::size_t i = 0; i < window_; ++i) {
    if (qty_[i] < 0) return "negative size in window";
    if (qty_[i] == 0) continue;
    ++count;
    if (first == window_) first = i;
    if (i >= hi_) return "level beyond hi_";
  }
  if (first != best_) return "best_ is not the first non-empty slot";
  if (best_ == window_ && !overflow_.empty()) return "empty window with a non-empty overflow";
  const std::int64_t end = lo_ + static_cast<std::int64_t>(window_);
  for (std::size_t j = 0; j < overflow_.size(); ++j) {
    if (overflow_[j].key < end) return "overflow level inside the window";
    if (overflow_[j].qty <= 0) return "non-positive size in overflow";
    if (j > 0 && overflow_[j].key <= overflow_[j - 1].key) return "overflow out of order";
  }
  if (count + overflow_.size() != levels_) return "level count mismatch";
  return {};
}

}  // namespace tilt
