// A simple two-sided market maker used by the simulator tests and bench/e2e_bench.cpp (the real
// built-in strategies live in strategies/). It joins the best bid and ask with post-only orders of
// `size` lots, steps a quote one tick back on the side the level-1 queue imbalance points against
// (|imbalance| > threshold), stops quoting the side that would push |inventory| past the limit, and
// requotes (cancel, then a new order once the cancel is confirmed; or one modify when
// requote_by_modify is set) whenever its target prices or its orders change. The callbacks are
// templates so that any context with StrategyContext's method names can drive it.
#pragma once

#include <optional>

#include "tilt/sim/context.hpp"

namespace tilt::testing {

struct MarketMakerParams {
  Qty size = 1;
  Qty max_inventory = 5;
  double threshold = 0.3;
  std::optional<SignalHandle> imbalance;  ///< queue_imbalance; none = never skew
  /// Move a resting quote with one modify (R10: it loses its queue place) instead of a cancel
  /// and, once that is confirmed, a new order.
  bool requote_by_modify = false;
};

class SimMarketMaker {
 public:
  explicit SimMarketMaker(MarketMakerParams params = {}) : params_(params) {}

  template <typename Ctx>
  void on_start(Ctx&) {}
  template <typename Ctx>
  void on_book(Ctx& ctx, const Event&) {
    requote(ctx);
  }
  template <typename Ctx>
  void on_trade(Ctx&, const Event&) {}
  template <typename Ctx>
  void on_order_update(Ctx& ctx, const OrderUpdate& u) {
    // After a rejection wait for the book to move: requoting at once could loop at one instant
    // when the local book lags a venue that keeps saying "would cross".
    if (u.kind != UpdateKind::rejected && u.kind != UpdateKind::modify_rejected) dirty_ = true;
    requote(ctx);
  }
  template <typename Ctx>
  void on_timer(Ctx&, TimerId) {}
  template <typename Ctx>
  void on_finish(Ctx&) {}

  std::int64_t requotes() const { return requotes_; }

 private:
  template <typename Ctx>
  void requote(Ctx& ctx) {
    const auto& book = ctx.book();
    if (book.in_snapshot()) return;
    const auto bid = book.best(Side::buy);
    const auto ask = book.best(Side::sell);
    if (!bid || !ask) return;
    int tilt_dir = 0;
    if (params_.imbalance) {
      const SignalValue v = ctx.signal(*params_.imbalance);
      if (v.valid)
        tilt_dir = v.value > params_.threshold ? 1 : (v.value < -params_.threshold ? -1 : 0);
    }
    const Price bid_px = bid->price - (tilt_dir < 0 ? 1 : 0);
    const Price ask_px = ask->price + (tilt_dir > 0 ? 1 : 0);
    if (!dirty_ && bid_px == target_bid_ && ask_px == target_ask_) return;
    dirty_ = false;
    target_bid_ = bid_px;
    target_ask_ = ask_px;
    ++requotes_;
    const Qty inventory = ctx.inventory();
    quote(ctx, bid_id_, Side::buy, bid_px, inventory + params_.size <= params_.max_inventory);
    quote(ctx, ask_id_, Side::sell, ask_px, inventory - params_.size >= -params_.max_inventory);
  }

  template <typename Ctx>
  void quote(Ctx& ctx, std::optional<OrderId>& id, Side side, Price price, bool allowed) {
    if (id) {
      const auto& o = ctx.order(*id);
      if (o.state == OrderState::open) {
        if (!allowed) {
          ctx.cancel(*id);
        } else if (o.price != price) {
          if (params_.requote_by_modify) {
            ctx.modify(*id, price, o.leaves);
          } else {
            ctx.cancel(*id);
          }
        }
        return;
      }
      if (!is_terminal(o.state)) return;  // an answer is on its way
      id.reset();
    }
    if (allowed) id = ctx.post_only(side, price, params_.size);
  }

  MarketMakerParams params_;
  std::optional<OrderId> bid_id_;
  std::optional<OrderId> ask_id_;
  Price target_bid_ = 0;
  Price target_ask_ = 0;
  bool dirty_ = true;
  std::int64_t requotes_ = 0;
};

}  // namespace tilt::testing
