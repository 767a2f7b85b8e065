// imbalance_taker: crosses the spread when an imbalance signal passes a threshold.
//
// Rules (all on the strategy's local view):
//   entry   when |position| < max_position, no order is in flight and the signal is valid:
//           signal >= +threshold -> buy `size` lots with an IOC limit at the best ask;
//           signal <= -threshold -> sell `size` lots with an IOC limit at the best bid.
//           (An IOC at the touch never walks the book: what is not there is cancelled.)
//   exit    the whole position, with an IOC at the opposite touch, on the first of:
//           reversal     signal against the position beyond exit_threshold (long: <=
//           -exit_threshold); take profit  mid moved take_profit_ticks in our favour from the
//           average entry price; stop loss    mid moved stop_loss_ticks against us; timeout
//           `timeout` of local time since the first entry fill.
//   0 disables take_profit_ticks / stop_loss_ticks / timeout.
// Parameters: signal (name of a configured signal, default "queue_imbalance"), threshold (0..1],
// exit_threshold [0..1], size, max_position (lots), take_profit_ticks, stop_loss_ticks, timeout.
//
// Written against any context with StrategyContext's methods (tilt/sim/context.hpp, mirrored by
// tilt::Context), so the engine calls it directly with no virtual call per event.
#pragma once

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include "tilt/config/params.hpp"
#include "tilt/error.hpp"
#include "tilt/strategy.hpp"

namespace tilt::strategies {

class ImbalanceTaker {
 public:
  struct Settings {
    std::string signal = "queue_imbalance";
    double threshold = 0.6;
    double exit_threshold = 0.2;
    Qty size = 1;
    Qty max_position = 1;
    std::int64_t take_profit_ticks = 0;
    std::int64_t stop_loss_ticks = 0;
    Duration timeout = 0;
  };

  explicit ImbalanceTaker(Params& params) : settings_(read(params)) {}
  explicit ImbalanceTaker(Settings settings) : settings_(std::move(settings)) {}

  static Settings read(Params& p) {
    Settings s;
    s.signal = p.text("signal", s.signal);
    s.threshold = p.number("threshold", s.threshold, 1e-9, 1.0);
    s.exit_threshold = p.number("exit_threshold", s.exit_threshold, 0.0, 1.0);
    s.size = p.lots("size", s.size, 1, kMaxEventQty);
    s.max_position = p.lots("max_position", s.size, 1, kMaxEventQty);
    s.take_profit_ticks = p.integer("take_profit_ticks", 0, 0, 1'000'000);
    s.stop_loss_ticks = p.integer("stop_loss_ticks", 0, 0, 1'000'000);
    s.timeout = p.duration("timeout", 0, 0);  // 0: no timeout
    p.finish();
    return s;
  }

  template <typename Ctx>
  void on_start(Ctx& ctx) {
    signal_ = require_signal(ctx.signals(), settings_.signal);
  }

  template <typename Ctx>
  void on_book(Ctx& ctx, const Event&) {
    if (in_flight_) return;
    const auto bid = ctx.book().best(Side::buy);
    const auto ask = ctx.book().best(Side::sell);
    if (!bid || !ask) return;
    const SignalValue s = ctx.signal(signal_);
    const Qty position = ctx.inventory();
    if (position != 0 && should_exit(ctx, s, position, bid->price, ask->price)) {
      send(ctx, position > 0 ? Side::sell : Side::buy, position > 0 ? bid->price : ask->price,
           std::llabs(position));
      return;
    }
    if (!s.valid) return;
    const Qty room = settings_.max_position - std::llabs(position);
    if (room <= 0) return;
    const Qty qty = std::min(settings_.size, room);
    if (s.value >= settings_.threshold && position >= 0)
      send(ctx, Side::buy, ask->price, qty);
    else if (s.value <= -settings_.threshold && position <= 0)
      send(ctx, Side::sell, bid->price, qty);
  }

  template <typename Ctx>
  void on_trade(Ctx&, const Event&) {}

  template <typename Ctx>
  void on_order_update(Ctx& ctx, const OrderUpdate& u) {
    if (u.kind == UpdateKind::fill) {
      const Qty before = position_seen_;
      position_seen_ += sign(u.side) * u.qty;
      if (before == 0) entry_time_ = ctx.now();
      // Average entry in ticks, for take profit / stop loss.
      if (position_seen_ == 0) {
        entry_price_ = 0;
      } else if (std::llabs(position_seen_) > std::llabs(before)) {
        entry_price_ = (entry_price_ * static_cast<double>(std::llabs(before)) +
                        static_cast<double>(u.price) * static_cast<double>(u.qty)) /
                       static_cast<double>(std::llabs(position_seen_));
      }
    }
    if (u.leaves == 0 && u.kind != UpdateKind::accepted && u.id == order_) in_flight_ = false;
    if (u.kind == UpdateKind::rejected && u.id == order_) in_flight_ = false;
  }

  template <typename Ctx>
  void on_timer(Ctx&, TimerId) {}
  template <typename Ctx>
  void on_finish(Ctx&) {}

  const Settings& settings() const { return settings_; }

 private:
  template <typename Ctx>
  bool should_exit(Ctx& ctx, const SignalValue& s, Qty position, Price bid, Price ask) const {
    const double sgn = position > 0 ? 1.0 : -1.0;
    if (s.valid && sgn * s.value <= -settings_.exit_threshold) return true;
    const double mid = 0.5 * static_cast<double>(bid + ask);
    const double gain_ticks = sgn * (mid - entry_price_);
    if (settings_.take_profit_ticks > 0 &&
        gain_ticks >= static_cast<double>(settings_.take_profit_ticks))
      return true;
    if (settings_.stop_loss_ticks > 0 &&
        -gain_ticks >= static_cast<double>(settings_.stop_loss_ticks))
      return true;
    return settings_.timeout > 0 && ctx.now() - entry_time_ >= settings_.timeout;
  }

  template <typename Ctx>
  void send(Ctx& ctx, Side side, Price price, Qty qty) {
    order_ = ctx.submit(side, OrderType::limit, TimeInForce::ioc, price, qty);
    in_flight_ = true;
  }

  Settings settings_;
  SignalHandle signal_;
  OrderId order_;
  bool in_flight_ = false;
  Qty position_seen_ = 0;
  double entry_price_ = 0;
  Timestamp entry_time_ = 0;
};

}  // namespace tilt::strategies
