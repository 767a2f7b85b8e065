// The order-entry shortcuts every strategy context offers, written once: limit, post_only, ioc,
// fok and market are submit() with the type and time in force filled in; set_timer_after is
// set_timer(now() + delay). Each order shortcut takes an optional client tag (0 = none). Mixed in
// (CRTP) by the engine's StrategyContext and by the plugin-facing tilt::Context, so both read the
// same and cannot drift apart.
#pragma once

#include <cstdint>

#include "tilt/sim/order.hpp"
#include "tilt/types.hpp"

namespace tilt {

template <typename Context>
class OrderShortcuts {
 public:
  OrderId limit(Side side, Price price, Qty qty, std::uint64_t client_tag = 0) {
    return self().submit(side, OrderType::limit, TimeInForce::gtc, price, qty, client_tag);
  }
  OrderId post_only(Side side, Price price, Qty qty, std::uint64_t client_tag = 0) {
    return self().submit(side, OrderType::limit, TimeInForce::post_only, price, qty, client_tag);
  }
  OrderId ioc(Side side, Price price, Qty qty, std::uint64_t client_tag = 0) {
    return self().submit(side, OrderType::limit, TimeInForce::ioc, price, qty, client_tag);
  }
  OrderId fok(Side side, Price price, Qty qty, std::uint64_t client_tag = 0) {
    return self().submit(side, OrderType::limit, TimeInForce::fok, price, qty, client_tag);
  }
  OrderId market(Side side, Qty qty, std::uint64_t client_tag = 0) {
    return self().submit(side, OrderType::market, TimeInForce::ioc, 0, qty, client_tag);
  }
  TimerId set_timer_after(Duration delay) { return self().set_timer(self().now() + delay); }

 private:
  Context& self() { return static_cast<Context&>(*this); }
};

}  // namespace tilt
