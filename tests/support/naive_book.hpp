// A deliberately naive L2 book for tests: one std::map per side, every query recomputed by
// walking the map. It shares OrderBook's public interface and event semantics (see
// tilt/book/order_book.hpp) so every book test can run against both, and the simulator tests can
// use it as an independent reference. Clarity over speed; nothing here is shared with OrderBook's
// code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "tilt/book/book_error.hpp"
#include "tilt/book/level.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/types.hpp"

namespace tilt::testing {

class NaiveBook {
 public:
  explicit NaiveBook(BookOptions options = {}) : options_(options) {}

  void apply(const Event& e) {
    if (e.exch_ts != message_ts_) {
      end_message();
      message_ts_ = e.exch_ts;
    }
    if (e.kind == EventKind::level) {
      set(e.side, e.price, e.size(), e.exch_ts);
    } else if (e.kind == EventKind::snapshot_begin) {
      bids_.clear();
      asks_.clear();
      in_snapshot_ = true;
    } else if (e.kind == EventKind::snapshot_end) {
      if (!in_snapshot_) throw BookError(index_, e.exch_ts, "snapshot_end without begin");
      in_snapshot_ = false;
    } else if (e.kind != EventKind::trade) {
      throw BookError(index_, e.exch_ts, "unknown event kind");
    }
    ++index_;
  }
  void set_level(Side side, Price price, Qty qty) {
    end_message();
    set(side, price, qty, 0);
    ++index_;
    end_message();
  }
  /// Judges the open message: crossed or locked at its end -> the policy.
  void end_message() {
    const bool noted = crossing_noted_;
    crossing_noted_ = false;
    if (!noted || bids_.empty() || asks_.empty()) return;
    const Price bid = bids_.begin()->first;
    const Price ask = asks_.begin()->first;
    if (bid < ask) return;
    if (options_.crossed_policy == CrossedPolicy::error) {
      throw CrossedBookError(index_ - 1, message_ts_, crossing_side_, crossing_price_, bid, ask);
    }
    ++repairs_.events;
    // The side of the last crossing update is fresh: remove the other side's levels at or
    // through its best, one by one.
    if (crossing_side_ == Side::buy) {
      while (!asks_.empty() && asks_.begin()->first <= bid) {
        asks_.erase(asks_.begin());
        ++repairs_.levels_removed;
      }
    } else {
      while (!bids_.empty() && bids_.begin()->first >= ask) {
        bids_.erase(bids_.begin());
        ++repairs_.levels_removed;
      }
    }
  }
  void begin_snapshot() {
    Event e{};
    e.kind = EventKind::snapshot_begin;
    apply(e);
  }
  void end_snapshot() {
    Event e{};
    e.kind = EventKind::snapshot_end;
    apply(e);
  }
  bool in_snapshot() const { return in_snapshot_; }

  bool empty(Side side) const { return side == Side::buy ? bids_.empty() : asks_.empty(); }
  std::optional<Level> best(Side side) const { return level(side, 0); }
  std::size_t depth(Side side) const { return side == Side::buy ? bids_.size() : asks_.size(); }
  std::optional<Level> level(Side side, std::size_t k) const {
    if (k >= depth(side)) return std::nullopt;
    if (side == Side::buy) {
      const auto it = std::next(bids_.begin(), static_cast<std::ptrdiff_t>(k));
      return Level{it->first, it->second};
    }
    const auto it = std::next(asks_.begin(), static_cast<std::ptrdiff_t>(k));
    return Level{it->first, it->second};
  }
  std::size_t top(Side side, std::span<Level> out) const {
    std::size_t n = 0;
    for_each_level(side, [&](const Level& l) {
      if (n < out.size()) out[n++] = l;
    });
    return n;
  }
  Qty total_qty(Side side, std::size_t n) const {
    Qty total = 0;
    std::size_t i = 0;
    for_each_level(side, [&](const Level& l) {
      if (i++ < n) total += l.qty;
    });
    return total;
  }
  Qty qty_at(Side side, Price price) const {
    if (side == Side::buy) {
      auto it = bids_.find(price);
      return it == bids_.end() ? 0 : it->second;
    }
    auto it = asks_.find(price);
    return it == asks_.end() ? 0 : it->second;
  }
  template <typename Fn>
  void for_each_level(Side side, Fn&& fn) const {
    if (side == Side::buy) {
      for (const auto& [p, q] : bids_) fn(Level{p, q});
    } else {
      for (const auto& [p, q] : asks_) fn(Level{p, q});
    }
  }

  const CrossRepairs& repairs() const { return repairs_; }
  std::int64_t events_applied() const { return index_; }

 private:
  void set(Side side, Price price, Qty qty, Timestamp ts) {
    if (qty < 0) throw BookError(index_, ts, "negative size");
    if (side == Side::buy) {
      if (qty == 0)
        bids_.erase(price);
      else
        bids_[price] = qty;
    } else {
      if (qty == 0)
        asks_.erase(price);
      else
        asks_[price] = qty;
    }
    if (qty == 0 || bids_.empty() || asks_.empty()) return;
    // At or through the opposite best: note it; the message is judged when it ends.
    const bool through =
        side == Side::buy ? price >= asks_.begin()->first : price <= bids_.begin()->first;
    if (!through) return;
    crossing_noted_ = true;
    crossing_side_ = side;
    crossing_price_ = price;
  }

  BookOptions options_;
  std::map<Price, Qty, std::greater<>> bids_;
  std::map<Price, Qty> asks_;
  bool in_snapshot_ = false;
  std::int64_t index_ = 0;
  Timestamp message_ts_ = 0;
  bool crossing_noted_ = false;
  Side crossing_side_ = Side::buy;
  Price crossing_price_ = 0;
  CrossRepairs repairs_;
};

}  // namespace tilt::testing
