// The venue-side matching model for L2 (market-by-price) data: how our simulated orders trade
// against a replayed book that does not contain them.
//
// RULES (each has a hand-worked test in tests/sim/matching_test.cpp)
//  R1  Arrival. A request is handled at its arrival time at the venue, against the exchange-side
//      book as it stands after every market-data event with exch_ts <= that time (event_queue.hpp).
//  R2  Aggressive orders take the displayed levels of the opposite side, best first, level by
//      level, each fill at the level's price as taker, while the level crosses the limit price
//      (buy: level <= limit; sell: level >= limit; market orders have no limit). Our fills do NOT
//      change the replayed book: the next order may take the same displayed size again. With
//      `remember_consumed` the venue remembers, per instance, the size it took at each (side,
//      price) and offers only the rest, until the data sends a new size for that level (any level
//      event at that price, or a snapshot) — that update is the venue's word on what is left.
//  R3  Order types. limit GTC: R2, then the remainder rests at its limit. post-only: rejected
//      (would_cross) if its price crosses the opposite best on arrival, else rests. IOC: R2, the
//      remainder is cancelled. FOK: if the displayed crossing size (after R2's remembered
//      consumption) covers the whole order, R2; else it is cancelled with no fill. market: R2 with
//      no limit, the remainder is cancelled. Every new order is first `accepted`; fills and the
//      expiry follow in that order at the same instant.
//  R4  Queue position. A resting order joins the back of the queue at its price: behind the
//      level's visible size on arrival, and behind our own orders already resting at that price.
//      Its `queue.ahead` is the public part (visible lots ahead of it), which the queue model
//      (queue_position.hpp) maintains; the part of ours ahead of it is our earlier orders at that
//      price, in arrival order (the order of `resting(side)` among orders at one price).
//  R5  Trade at our price (aggressor on the other side): the traded size reaches our orders at
//      that price in queue order. For each, in turn: the trade first takes its public queue ahead
//      (every order's ahead shrinks by the traded size, down to 0), excess = traded − ahead; what
//      reaches it is min(excess − taken, leaves), where `taken` is what reached our earlier orders
//      at that price in this trade. So one trade never gives ours more than its size in total, and
//      a later order gets only what our earlier ones left. With partial fills on an order fills
//      what reaches it; with them off it fills only when that covers all its leaves (then all of
//      them), else nothing — but what reached it still counts as taken (it stood in front), and
//      its ahead is still used up, so the next trade's whole size reaches it.
//  R6  Size removed from our level without a trade: the queue model splits it between ahead and
//      behind (risk-averse: none is ahead; probabilistic: Rigtorp's estimator). Size added joins
//      behind us. Ahead never exceeds the visible size.
//  R7  Trade through: a trade on the other side at a price worse for us than ours (a sell aggressor
//      below our bid; a buy aggressor above our ask) swept our level: we fill all leaves at our
//      price as maker, whatever the partial-fill setting.
//  R8  Crossing liquidity: a level event on the opposite side that adds size at a price crossing
//      ours (ask <= our bid; bid >= our ask) is liquidity that would have traded with us: we fill
//      all leaves at our price as maker. Only added size counts (the size of an already displayed
//      crossing level, e.g. one our GTC order just swept under R2, does not fill us again), and
//      not while a snapshot is being rebuilt.
//  R9  Cancel: removes the order and answers `cancelled` with its leaves, or `cancel_rejected`
//      (not_open) if it is no longer working (filled or cancelled first).
//  R10 Modify (new price, new leaves): a price change or a size increase loses priority (the
//      order goes to the back of the queue at its new price, R4: public ahead restarts at the
//      level's visible size, and it is behind every other order of ours there); a size decrease at
//      the same price keeps it. A modify whose new price would cross the opposite best is rejected
//      (would_cross) and the order keeps working unchanged; so is one for an order that is no
//      longer working (not_open).
//  Requests of one instance arrive in the order they were sent (latency.hpp, ordered sessions),
//  so a cancel or modify sent before the order's ack is handled after the order itself.
//
// KNOWN LIMITATIONS
//   * Our orders share the public queue estimate but stay out of the data: our resting size does
//     not show in the book the strategy sees, we never trade with ourselves (an aggressive order
//     of ours takes displayed levels only, not our own resting orders), and the level updates the
//     data sends after a trade do not know about the lots our orders took.
//   * Trades whose aggressor is on our side are ignored for our resting orders (they tell us
//     nothing about our queue).
//   * L2 data cannot say where a cancellation was; the queue models are estimates, and each of our
//     orders keeps its own estimate of the public lots ahead of it.
//   * A modify never trades; crossing modifies are rejected rather than executed.
//
// COMPLEXITY: per market-data event O(resting orders of the instance), no allocation (the update
// buffer is reused). An aggressive order walks O(levels it takes). With remember_consumed, each
// level event also scans the consumed list (its size is the number of levels taken since they were
// last refreshed, typically a handful).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <variant>
#include <vector>

#include "tilt/book/order_book.hpp"
#include "tilt/sim/order.hpp"
#include "tilt/sim/queue_model.hpp"

namespace tilt {

struct MatchingConfig {
  QueueModel queue = RiskAverseQueue{};
  bool partial_fills = true;
  bool remember_consumed = false;
};

/// One of our orders resting at the venue.
struct RestingOrder {
  OrderId id;
  Side side = Side::buy;
  Price price = 0;
  Qty leaves = 0;
  QueuePosition queue;
};

/// True when a `side` order at `price` would trade with an opposite level at `opposite_price`.
constexpr bool crosses(Side side, Price price, Price opposite_price) {
  return side == Side::buy ? price >= opposite_price : price <= opposite_price;
}

/// The venue state of one strategy instance: its resting orders and what it remembers consuming.
/// Every method appends the updates it produces (acks, fills, cancels...) to `out`, stamped with
/// exch_ts; the caller applies latency and accounting.
class Venue {
 public:
  explicit Venue(MatchingConfig config = {})
      : config_(config), risk_averse_(std::holds_alternative<RiskAverseQueue>(config_.queue)) {
    resting_[0].reserve(16);
    resting_[1].reserve(16);
  }

  const MatchingConfig& config() const { return config_; }
  /// Our resting orders on one side, in queue order (arrival, or the last modify that lost
  /// priority, R10).
  std::span<const RestingOrder> resting(Side side) const { return resting_[at(side)]; }

  /// R1-R3, R9, R10: a request arrives at time `now`.
  void on_request(const OrderRequest& request, const OrderBook& book, Timestamp now,
                  std::vector<OrderUpdate>& out);

  /// R6, R8 and the refresh of R2's memory, after `book` applied the level event `e` whose level
  /// held `before` lots.
  /// The two rules touch different sides (R6 ours on the event's side, R8 the other side's), so
  /// each scans only its side's list: no test of an order's side per order and event, a branch
  /// that mispredicted as often as the event's side is a coin toss. Inline, with the rare paths
  /// out of line. Whether a level event is at one of our prices is as hard to predict as the
  /// market (a quote at the touch sees about every other event), so with the risk-averse model
  /// R6 runs over the side's few orders without a branch: each takes the update or keeps its
  /// queue by a select.
  void on_level(const Event& e, Qty before, bool in_snapshot, std::vector<OrderUpdate>& out) {
    if (!consumed_.empty()) [[unlikely]]
      forget_consumed(e.side, e.price);
    const std::size_t own = at(e.side);
    if (risk_averse_) {  // R6, as RiskAverseQueue::on_level_change for ours at e.price
      for (RestingOrder& o : resting_[own]) {
        const bool here = o.price == e.price;
        const Qty ahead = RiskAverseQueue::ahead_after_level_change(o.queue, e.size());
        o.queue.ahead = here ? ahead : o.queue.ahead;
        o.queue.traded = here ? 0 : o.queue.traded;
      }
    } else if (lo_[own] <= e.price && e.price <= hi_[own]) {  // R6: ours at this price, if any
      level_change_at_ours(own, e, before);
    }
    if (crossed_by(e.side, e.price) && e.size() > before && !in_snapshot) [[unlikely]]  // R8
      fill_crossed(own ^ 1, e, out);
  }

  /// R5, R7: a trade event.
  void on_trade(const Event& e, std::vector<OrderUpdate>& out) {
    if (!crossed_by(e.side, e.price)) return;
    const std::size_t other = at(opposite(e.side));  // only orders against the aggressor
    Qty taken = 0;  // R5: lots of this trade our earlier orders at e.price already took
    for (std::size_t i = 0; i < resting_[other].size();) {
      RestingOrder& o = resting_[other][i];
      if (e.price == o.price) {
        const Qty excess = tilt::on_trade(config_.queue, o.queue, e.size());
        const Qty reach = std::min(excess - taken, o.leaves);
        if (reach > 0) {
          taken += reach;
          const Qty fill = config_.partial_fills || reach == o.leaves ? reach : 0;
          if (fill > 0 && fill_and_remove(other, i, fill, e.exch_ts, out)) continue;
        }
      } else if (crosses(o.side, o.price, e.price)) {  // R7: traded through our price
        fill_and_remove(other, i, o.leaves, e.exch_ts, out);
        continue;
      }
      ++i;
    }
  }

  /// A snapshot restarts the book: R2's memory is forgotten.
  void on_snapshot_begin() { consumed_.clear(); }

 private:
  struct Consumed {
    Side side;
    Price price;
    Qty qty;
  };

  static constexpr std::size_t at(Side side) { return static_cast<std::size_t>(side); }
  /// Whether an event at `price` on `side` can reach a resting order of the other side: for a
  /// buy-side event a sell at or below `price`, for a sell-side event a buy at or above it (the
  /// test R5, R7 and R8 share). One comparison in the event side's key (+price for buy events,
  /// −price for sell events) against reach_, with no branch on the side: the side is a coin toss
  /// per event, and as a branch it mispredicted about every other time.
  bool crossed_by(Side side, Price price) const {
    const Price flip = -static_cast<Price>(at(side));  // 0 for buy, −1 for sell
    return reach_[at(side)] <= (price ^ flip) - flip;
  }
  /// Recomputes lo_ and hi_ of side `s` after resting_[s] changed.
  void update_bounds(std::size_t s);
  /// Widens side `s`'s bounds to include `price` (a new resting order).
  void widen_bounds(std::size_t s, Price price);
  /// reach_ from lo_ and hi_.
  void update_reach() {
    reach_[at(Side::buy)] = lo_[at(Side::sell)];
    const Price highest_bid = hi_[at(Side::buy)];
    reach_[at(Side::sell)] = highest_bid == std::numeric_limits<Price>::min()
                                 ? std::numeric_limits<Price>::max()
                                 : -highest_bid;
  }

  /// R6: the level event `e` changed a level where side `s` may have orders.
  [[gnu::noinline]] void level_change_at_ours(std::size_t s, const Event& e, Qty before);
  /// R8: the level event `e` added liquidity crossing side `s`'s orders.
  [[gnu::noinline]] void fill_crossed(std::size_t s, const Event& e, std::vector<OrderUpdate>& out);
  /// Fills `qty` of resting_[s][i] as maker; removes it when nothing is left. Returns true if
  /// removed.
  bool fill_and_remove(std::size_t s, std::size_t i, Qty qty, Timestamp now,
                       std::vector<OrderUpdate>& out);
  void forget_consumed(Side side, Price price);
  Qty consumed_at(Side side, Price price) const;
  /// R2: takes up to `qty` from the opposite side; returns the lots filled.
  Qty take(const OrderRequest& r, Qty qty, const OrderBook& book, Timestamp now,
           std::vector<OrderUpdate>& out);
  /// Displayed crossing size available to `r` (after remembered consumption), capped at `cap`.
  Qty available(const OrderRequest& r, Qty cap, const OrderBook& book) const;
  void submit(const OrderRequest& r, const OrderBook& book, Timestamp now,
              std::vector<OrderUpdate>& out);
  void cancel(const OrderRequest& r, Timestamp now, std::vector<OrderUpdate>& out);
  void modify(const OrderRequest& r, const OrderBook& book, Timestamp now,
              std::vector<OrderUpdate>& out);
  /// Our resting order `id` (in resting_[its side]), nullptr when it is not resting.
  RestingOrder* find(OrderId id, Side likely_side);

  MatchingConfig config_;
  bool risk_averse_;  ///< config_.queue is RiskAverseQueue (R6 without a branch per order)
  /// [buy], [sell]: each in queue order (R4, R10; fills within one event follow it; one event's
  /// fills are all on one side).
  std::vector<RestingOrder> resting_[2];
  std::vector<Consumed> consumed_;
  /// Lowest and highest resting price per side (lo > hi when none): most market events are far
  /// from our orders and skip the scans.
  Price lo_[2] = {std::numeric_limits<Price>::max(), std::numeric_limits<Price>::max()};
  Price hi_[2] = {std::numeric_limits<Price>::min(), std::numeric_limits<Price>::min()};
  /// Per event side, in that side's key: buy events reach our sells from lo_[sell] up, sell
  /// events our buys from −hi_[buy] up (max when the other side has no order).
  Price reach_[2] = {std::numeric_limits<Price>::max(), std::numeric_limits<Price>::max()};
};

}  // namespace tilt
