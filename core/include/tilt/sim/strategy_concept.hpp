// What the simulator calls on a strategy, checked at compile time: six callbacks, each taking the
// instance's StrategyContext. The simulator calls them directly (no virtual call per event); a
// plugin adapter wraps a virtual base class in a type that models this concept.
//
//   on_start(ctx)                  once, before the first event, at the first event's local time
//   on_trade(ctx, event)           for each trade of a message, in data order, once the whole
//                                  message has been applied (book and signals)
//   on_book(ctx, event)            once per message that changed the book (level rows, a
//                                  snapshot), after its trades; `event` is the message's last
//                                  non-trade event (a snapshot's is its snapshot_end)
//   on_order_update(ctx, update)   acks, fills, cancels, rejects, after the order table and the
//                                  known position have taken it into account
//   on_timer(ctx, timer)           at the timer's time
//   on_finish(ctx)                 once, after the last event
//
// Whole messages. A venue publishes a message (the events that share one exch_ts: a depth update
// with both sides, a trade and the levels it emptied, a snapshot) at once, and its book is only
// meaningful between messages: in the middle of one it can be locked or crossed for a moment. So
// the simulator applies a whole message to the local book and the signals first (at the local
// time of its last event), judges the book (crossed-book policy), and only then calls the
// strategy: on_trade for each trade, then one on_book. Whatever a callback reads (ctx.book(),
// signals, even from on_order_update or on_timer between messages) is a whole message. One
// on_book per message, not per row, because the rows of a message are one state change: a
// strategy reacting to each row would requote on states that never existed. Trades are delivered
// one by one because each is a fact of its own (size, price, aggressor). A trade flagged
// kSubTickPrice (types.hpp) carries its price in sub-ticks: check has_sub_tick_price(event).
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
