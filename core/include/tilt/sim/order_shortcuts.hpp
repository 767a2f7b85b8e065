// The order-entry shortcuts every strategy context offers, written once: limit, post_only, ioc,
// fok and market are submit() with the type and time in force filled in; set_timer_after is
// set_timer(now() + delay). Mixed in (CRTP) by the engine's StrategyContext and by the
// plugin-facing tilt::Context, so both read the same and cannot drift apart.
#pragma once

#include "tilt/sim/order.hpp"
#include "tilt/types.hpp"

namespace tilt {

template <typename Context>
class OrderShortcuts {
 public:
  OrderId limit(Side side, Price price, Qty qty) {
    return self().submit(side, OrderType::limit, TimeInForce::gtc, price, qty);
  }
  OrderId post_only(Side side, Price price, Qty qty) {
    return self().submit(side, OrderType::limit, TimeInForce::post_only, price, qty);
  }
  OrderId ioc(Side side, Price price, Qty qty) {
    return self().submit(side, OrderType::limit, TimeInForce::ioc, price, qty);
  }
  OrderId fok(Side side, Price price, Qty qty) {
    return self().submit(side, OrderType::limit, TimeInForce::fok, price, qty);
  }
  OrderId market(Side side, Qty qty) {
    return self().submit(side, OrderType::market, TimeInForce::ioc, 0, qty);
  }
  TimerId set_timer_after(Duration delay) { return self().set_timer(self().now() + delay); }

 private:
  Context& self() { return static_cast<Context&>(*this); }
};

}  // namespace tilt
