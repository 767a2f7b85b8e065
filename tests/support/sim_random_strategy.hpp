// A strategy that sends random but valid order flow (every order type, cancels, modifies, timers),
// deterministic in its seed and in what it observes. Its callbacks are templates so the engine and
// the reference simulator (reference_sim.hpp) can both drive it: given the same observations it
// makes the same decisions, so any difference in results is a difference in simulation.
#pragma once

#include <cstdint>

#include "tilt/sim/order.hpp"
#include "tilt/sim/order_state.hpp"

namespace tilt::testing {

class RandomOrderFlow {
 public:
  /// `requote_in_flight`: cancels and modifies pick among all working orders (pending_new and
  /// pending ones too, as a fast requoting strategy does), not only open ones; the requests the
  /// context refuses (RequestResult) are counted.
  /// `price_span`: limit prices are the touch ± up to this many ticks (0 stacks every order of a
  /// side at the touch, so trades there reach several of ours).
  explicit RandomOrderFlow(std::uint64_t seed, int activity_percent = 15,
                           bool requote_in_flight = false, int price_span = 2)
      : state_(seed),
        activity_(activity_percent),
        requote_in_flight_(requote_in_flight),
        price_span_(price_span) {}

  std::int64_t refused = 0;  ///< cancels/modifies that returned anything but `sent`

  template <typename Ctx>
  void on_start(Ctx& c) {
    c.set_timer_after(5 * kMillisecond);
  }
  template <typename Ctx>
  void on_book(Ctx& c, const Event&) {
    maybe_act(c);
  }
  template <typename Ctx>
  void on_trade(Ctx& c, const Event&) {
    maybe_act(c);
  }
  template <typename Ctx>
  void on_order_update(Ctx& c, const OrderUpdate&) {
    maybe_act(c);
  }
  template <typename Ctx>
  void on_timer(Ctx& c, TimerId) {
    maybe_act(c);
    c.set_timer_after(static_cast<Duration>(1 + next() % 20) * kMillisecond);
  }
  template <typename Ctx>
  void on_finish(Ctx&) {}

 private:
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  Price offset(int span) {
    return static_cast<Price>(next() % static_cast<std::uint64_t>(2 * span + 1)) - span;
  }

  template <typename Ctx>
  void maybe_act(Ctx& c) {
    if (static_cast<int>(next() % 100) >= activity_) return;
    const auto& book = c.book();
    if (book.in_snapshot()) return;
    const auto bid = book.best(Side::buy);
    const auto ask = book.best(Side::sell);
    if (!bid || !ask) return;
    const std::uint64_t what = next() % 10;
    if (what < 5) {
      const Side side = next() % 2 ? Side::buy : Side::sell;
      const Price near = side == Side::buy ? bid->price : ask->price;
      const Qty qty = 1 + static_cast<Qty>(next() % 6);
      const std::uint64_t kind = next() % 20;
      if (kind == 0) {
        c.submit(side, OrderType::market, TimeInForce::ioc, 0, qty);
      } else {
        const TimeInForce tif = kind < 8    ? TimeInForce::gtc
                                : kind < 14 ? TimeInForce::post_only
                                : kind < 18 ? TimeInForce::ioc
                                            : TimeInForce::fok;
        c.submit(side, OrderType::limit, tif, near + offset(price_span_), qty);
      }
      return;
    }
    // Cancel or modify a random open (or, requoting in flight, working) order.
    const auto eligible = [&](OrderId id) {
      return requote_in_flight_ || c.order(id).state == OrderState::open;
    };
    std::size_t open = 0;
    for (OrderId id : c.working_orders()) open += eligible(id) ? 1 : 0;
    if (open == 0) return;
    std::size_t pick = next() % open;
    for (OrderId id : c.working_orders()) {
      if (!eligible(id) || pick-- != 0) continue;
      const auto& o = c.order(id);
      RequestResult result = RequestResult::sent;
      if (what < 8 || o.type == OrderType::market) {
        result = c.cancel(id);
      } else {
        result = c.modify(id, o.price + offset(1), 1 + static_cast<Qty>(next() % 6));
      }
      refused += result == RequestResult::sent ? 0 : 1;
      return;
    }
  }

  std::uint64_t state_;
  int activity_;
  bool requote_in_flight_;
  int price_span_;
};

}  // namespace tilt::testing
