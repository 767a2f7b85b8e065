// StrategyContext: everything a strategy may see and do, at its own local time.
//
// Reads: the local book (market data up to now, i.e. every event with local_ts <= now), the
// SignalSet computed on it, its own orders and the position it has been told about by fills that
// have reached it. Writes: orders (limit, post-only, IOC, FOK, market), cancels, modifies, timers.
// Every request leaves at now() and reaches the venue after the instance's entry latency.
//
// Nothing in a context can show the venue-side truth before the strategy could know it: the
// accountant (Instance::accountant()) is for results, not for strategies. The context is a plain
// class (no template, no virtual) so that a plugin adapter can forward to it across a
// shared-library boundary; its methods are inline where they sit on the per-event path.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/sim/event_queue.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/order_shortcuts.hpp"

namespace tilt {

class StrategyContext : public OrderShortcuts<StrategyContext> {
 public:
  StrategyContext(Instance& instance, const OrderBook& book, const SignalSet& signals,
                  EventQueue& queue, const Timestamp& now)
      : instance_(&instance), book_(&book), signals_(&signals), queue_(&queue), now_(&now) {}

  // --- what the strategy sees -----------------------------------------------------------------
  /// The strategy's local time (ns since the epoch).
  Timestamp now() const { return *now_; }
  const OrderBook& book() const { return *book_; }
  const SignalSet& signals() const { return *signals_; }
  SignalValue signal(SignalHandle h) const { return signals_->value(h); }
  /// Position, cash, fees, average entry and realized P&L from the fills reported so far.
  const PositionState& position() const { return instance_->known_position(); }
  Qty inventory() const { return instance_->known_position().position; }
  /// Local-book mid in ticks; NaN while a side is empty.
  double mid() const {
    const auto bid = book_->best(Side::buy);
    const auto ask = book_->best(Side::sell);
    if (!bid || !ask) return std::numeric_limits<double>::quiet_NaN();
    return 0.5 * static_cast<double>(bid->price + ask->price);
  }
  /// Unrealized P&L (tick·lot) of the known position marked at the local mid.
  double unrealized_pnl() const { return position().unrealized(mid()); }
  /// An order by id; throws OrderError for an id this instance never issued, and, when the run
  /// streams its history, for a finished order older than the last Instance::kRecentFinished ids
  /// that is not its client tag's latest order.
  const Order& order(OrderId id) const { return instance_->order(id); }
  /// Orders not yet in a terminal state (pending_new, open, pending_cancel, pending_modify).
  std::span<const OrderId> working_orders() const { return instance_->working(); }
  std::uint32_t instance_index() const { return instance_->index(); }
  /// The traded instrument (tick and lot size, multiplier, fees after config overrides).
  const Instrument& instrument() const { return instance_->config().instrument; }

  // --- order tags and request state (strategy_services.hpp, order_state.hpp) -----------------
  /// The tag given at submit (0 if none).
  ClientTag client_tag(OrderId id) const { return instance_->services().tag_of(id); }
  /// The most recent order submitted with `tag`, in any state; order() answers for it however
  /// long ago it finished.
  std::optional<OrderId> find_order(ClientTag tag) const { return instance_->services().find(tag); }
  /// Whether the order waits for the venue's answer to a request (pending_new, pending_cancel,
  /// pending_modify): the answer arrives as on_order_update.
  bool request_in_flight(OrderId id) const {
    const OrderState s = order(id).state;
    return s == OrderState::pending_new || s == OrderState::pending_cancel ||
           s == OrderState::pending_modify;
  }

  // --- what the strategy does -----------------------------------------------------------------
  // limit / post_only / ioc / fok / market / set_timer_after: OrderShortcuts (order_shortcuts.hpp).

  /// Sends a new order; returns its id at once (its state is pending_new until the venue answers).
  /// Throws OrderError for a size <= 0 or a post-only market order.
  /// `tag` (optional, strategy-chosen) is carried by the order (client_tag, find_order).
  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty,
                 ClientTag tag = 0) {
    const OrderId id = instance_->submit(side, type, tif, price, qty, *now_, *queue_);
    if (tag != 0) [[unlikely]]
      instance_->services().tag(id, tag);
    return id;
  }
  /// Requests a cancel; also of an order still pending_new (it reaches the venue after the order).
  /// Returns `sent`, or, sending nothing, `not_working` (the order is finished) or
  /// `request_pending` (a cancel or modify of it awaits its answer). A cancel that crosses a fill
  /// on the wire is answered cancel_rejected.
  RequestResult cancel(OrderId id) { return instance_->cancel(id, *now_, *queue_); }
  /// Requests a new price and/or leaves quantity (R10 in matching.hpp); results as cancel().
  /// Throws OrderError for leaves <= 0 or a market order.
  RequestResult modify(OrderId id, Price price, Qty leaves) {
    return instance_->modify(id, price, leaves, *now_, *queue_);
  }
  /// Whether cancel(id) would be sent now.
  bool can_cancel(OrderId id) const { return instance_->request_check(id) == RequestResult::sent; }
  /// Whether modify(id, ...) would be sent now (never for a market order).
  bool can_modify(OrderId id) const {
    return can_cancel(id) && instance_->order(id).type != OrderType::market;
  }
  /// cancel / modify as a bool: true when the request was sent (an unknown id still throws
  /// OrderError).
  bool try_cancel(OrderId id) { return cancel(id) == RequestResult::sent; }
  bool try_modify(OrderId id, Price price, Qty leaves) {
    return can_modify(id) && modify(id, price, leaves) == RequestResult::sent;
  }
  /// on_timer(ctx, id) will be called at local time max(at, now()); current_timer().payload is
  /// `payload` then.
  TimerId set_timer(Timestamp at, std::uint64_t payload = 0) {
    return instance_->set_timer(at, *now_, *queue_, payload);
  }
  /// Fires at max(first, now()), then every `interval` (> 0) until cancel_timer.
  TimerId set_repeating_timer(Timestamp first, Duration interval, std::uint64_t payload = 0) {
    if (interval <= 0) throw Error("set_repeating_timer: interval must be positive");
    return instance_->set_timer(first, *now_, *queue_, payload, interval);
  }
  /// Stops a timer that has not fired yet (or a repeating one); false if it is not live.
  bool cancel_timer(TimerId id) { return instance_->services().cancel_timer(id); }
  /// Inside on_timer: the timer being delivered (id, payload, scheduled time, interval).
  const PendingTimer& current_timer() const { return instance_->services().current_timer(); }

  // --- log and metrics (not for the per-event path: each call copies a string) ---------------
  /// A line in the run's run.log, stamped with now(); at most StrategyServices::kMaxLogLines.
  void log(LogLevel level, std::string_view message) {
    instance_->services().log(*now_, level, message);
  }
  /// A custom scalar in summary.json (`metrics`) and the report; the last value set wins.
  void set_metric(std::string_view name, double value) {
    if (name.empty()) throw Error("set_metric: the metric name is empty");
    instance_->services().set_metric(name, value);
  }

 private:
  Instance* instance_;
  const OrderBook* book_;
  const SignalSet* signals_;
  EventQueue* queue_;
  const Timestamp* now_;
};

}  // namespace tilt
