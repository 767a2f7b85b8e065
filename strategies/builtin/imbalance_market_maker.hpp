// imbalance_market_maker: quotes both sides around a fair price skewed by imbalance and inventory.
//
//   fair      = mid + imbalance_skew_ticks × I − inventory_skew_ticks × position / max_position
//   bid quote = floor(fair − half_spread_ticks),  ask quote = ceil(fair + half_spread_ticks)
// where I is the configured signal (default the level-1 queue imbalance, in [−1, 1]) and mid is
// the local mid in ticks (or the micro-price signal when `reference` names one). Quotes are
// post-only and never placed through the opposite best (a bid is capped at best ask − 1).
// A side is not quoted when a fill there would take |position| beyond max_position.
// Requote rule (respects queue position): a resting quote is left alone while its price is within
// requote_ticks of the desired price — moving it would lose its place in the queue; otherwise it is
// modified to the new price. At most one request per side is in flight at a time.
// Parameters: signal, reference (mid or a signal name), half_spread_ticks, size, max_position,
// imbalance_skew_ticks, inventory_skew_ticks, requote_ticks.
#pragma once

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include "tilt/config/params.hpp"
#include "tilt/strategy.hpp"

namespace tilt::strategies {

class ImbalanceMarketMaker {
 public:
  struct Settings {
    std::string signal = "queue_imbalance";
    std::string reference = "mid";
    double half_spread_ticks = 1.0;
    Qty size = 1;
    Qty max_position = 10;
    double imbalance_skew_ticks = 1.0;
    double inventory_skew_ticks = 1.0;
    std::int64_t requote_ticks = 1;
  };

  explicit ImbalanceMarketMaker(Params& params) : settings_(read(params)) {}
  explicit ImbalanceMarketMaker(Settings settings) : settings_(std::move(settings)) {}

  static Settings read(Params& p) {
    Settings s;
    s.signal = p.text("signal", s.signal);
    s.reference = p.text("reference", s.reference);
    s.half_spread_ticks = p.number("half_spread_ticks", s.half_spread_ticks, 0.0, 1e6);
    s.size = p.lots("size", s.size, 1, kMaxEventQty);
    s.max_position = p.lots("max_position", s.max_position, 1, kMaxEventQty);
    s.imbalance_skew_ticks = p.number("imbalance_skew_ticks", s.imbalance_skew_ticks, -1e6, 1e6);
    s.inventory_skew_ticks = p.number("inventory_skew_ticks", s.inventory_skew_ticks, -1e6, 1e6);
    s.requote_ticks = p.integer("requote_ticks", s.requote_ticks, 0, 1'000'000);
    p.finish();
    return s;
  }

  template <typename Ctx>
  void on_start(Ctx& ctx) {
    signal_ = require_signal(ctx.signals(), settings_.signal);
    if (settings_.reference != "mid")
      reference_ = require_signal(ctx.signals(), settings_.reference);
  }

  template <typename Ctx>
  void on_book(Ctx& ctx, const Event&) {
    const auto best_bid = ctx.book().best(Side::buy);
    const auto best_ask = ctx.book().best(Side::sell);
    if (!best_bid || !best_ask) return;
    double reference = 0.5 * static_cast<double>(best_bid->price + best_ask->price);
    if (reference_) {
      const SignalValue r = ctx.signal(*reference_);
      if (!r.valid) return;
      reference = r.value;
    }
    const SignalValue imbalance = ctx.signal(signal_);
    const Qty position = ctx.inventory();
    const double fair = reference +
                        (imbalance.valid ? settings_.imbalance_skew_ticks * imbalance.value : 0.0) -
                        settings_.inventory_skew_ticks * static_cast<double>(position) /
                            static_cast<double>(settings_.max_position);
    const Price want_bid =
        std::min<Price>(floor_price(fair - settings_.half_spread_ticks), best_ask->price - 1);
    const Price want_ask =
        std::max<Price>(ceil_price(fair + settings_.half_spread_ticks), best_bid->price + 1);
    quote(ctx, bid_, Side::buy, want_bid, position + settings_.size <= settings_.max_position);
    quote(ctx, ask_, Side::sell, want_ask, position - settings_.size >= -settings_.max_position);
  }

  template <typename Ctx>
  void on_trade(Ctx&, const Event&) {}

  template <typename Ctx>
  void on_order_update(Ctx&, const OrderUpdate& u) {
    Quote& q = u.side == Side::buy ? bid_ : ask_;
    if (!q.live || u.id != q.id) return;
    switch (u.kind) {
      case UpdateKind::accepted:
      case UpdateKind::modified:
        q.price = u.price;
        q.in_flight = false;
        break;
      case UpdateKind::modify_rejected:
      case UpdateKind::cancel_rejected:
        q.in_flight = false;
        break;
      case UpdateKind::fill:
        break;
      case UpdateKind::rejected:
      case UpdateKind::cancelled:
        q = Quote{};
        break;
    }
    if (u.kind == UpdateKind::fill && u.leaves == 0) q = Quote{};
  }

  template <typename Ctx>
  void on_timer(Ctx&, TimerId) {}
  template <typename Ctx>
  void on_finish(Ctx&) {}

  const Settings& settings() const { return settings_; }

 private:
  struct Quote {
    OrderId id;
    Price price = 0;
    bool live = false;       // we have an order on this side (sent or resting)
    bool in_flight = false;  // a request for it is unanswered
  };

  /// static_cast<Price>(std::floor(x)) and std::ceil's, for finite |x| < 2^63, without the libm
  /// call (baseline x86-64 has no rounding instruction): truncate, then step once.
  static Price floor_price(double x) {
    const auto t = static_cast<Price>(x);
    return static_cast<double>(t) > x ? t - 1 : t;
  }
  static Price ceil_price(double x) {
    const auto t = static_cast<Price>(x);
    return static_cast<double>(t) < x ? t + 1 : t;
  }

  template <typename Ctx>
  void quote(Ctx& ctx, Quote& q, Side side, Price want, bool allowed) {
    if (q.in_flight) return;
    if (!allowed) {
      if (q.live) {
        ctx.cancel(q.id);
        q.in_flight = true;
      }
      return;
    }
    if (!q.live) {
      q.id = ctx.submit(side, OrderType::limit, TimeInForce::post_only, want, settings_.size);
      q.price = want;
      q.live = true;
      q.in_flight = true;
    } else if (std::llabs(q.price - want) > settings_.requote_ticks) {
      ctx.modify(q.id, want, settings_.size);
      q.price = want;
      q.in_flight = true;
    }
  }

  Settings settings_;
  SignalHandle signal_;
  std::optional<SignalHandle> reference_;
  Quote bid_;
  Quote ask_;
};

}  // namespace tilt::strategies
