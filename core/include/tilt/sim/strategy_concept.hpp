// What the simulator calls on a strategy, checked at compile time: six callbacks, each taking the
// instance's StrategyContext. The simulator calls them directly (no virtual call per event); a
// plugin adapter wraps a virtual base class in a type that models this concept.
//
//   on_start(ctx)                  once, before the first event, at the first event's local time
//   on_book(ctx, event)            after each non-trade event (level, snapshot begin/end) has been
//                                  applied to the local book and the signals
//   on_trade(ctx, event)           after each trade event reached the strategy (signals updated)
//   on_order_update(ctx, update)   acks, fills, cancels, rejects, after the order table and the
//                                  known position have taken it into account
//   on_timer(ctx, timer)           at the timer's time
//   on_finish(ctx)                 once, after the last event
#pragma once

#include "tilt/sim/context.hpp"

namespace tilt {

template <typename S>
concept SimStrategy = requires(S& strategy, StrategyContext& ctx, const Event& event,
                               const OrderUpdate& update, TimerId timer) {
  strategy.on_start(ctx);
  strategy.on_book(ctx, event);
  strategy.on_trade(ctx, event);
  strategy.on_order_update(ctx, update);
  strategy.on_timer(ctx, timer);
  strategy.on_finish(ctx);
};

}  // namespace tilt
