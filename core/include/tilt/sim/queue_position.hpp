// Queue position of a resting order on L2 (market-by-price) data, and the interface every queue
// model implements.
//
// L2 data shows only the total visible size at a price, and our simulated order is not in it. A
// resting order therefore keeps an estimate of the size ahead of it in the FIFO queue at its price:
//   * on arrival (or after losing priority) ahead = the level's visible size (we join the back);
//   * a trade at our price eats the queue ahead first; what is left of the trade reaches us;
//   * a size increase at our level never changes ahead (newcomers join behind us);
//   * a size decrease not explained by trades is a cancellation somewhere in the queue; the queue
//     model decides how much of it was ahead of us. Whatever the model, ahead never exceeds the
//     level's visible size.
// Feeds report a trade and then the level's reduced size, so the level decrease that follows a
// trade must not count twice: `traded` accumulates trade volume seen at the level since its last
// size update, and on_level_change subtracts it before splitting the rest.
//
// A queue model is a small type with three methods (QueueModelType below); queue_model.hpp gathers
// the built-ins in a std::variant. Each model's header states its formula.
#pragma once

#include <concepts>

#include "tilt/types.hpp"

namespace tilt {

struct QueuePosition {
  Qty ahead = 0;   ///< estimated lots ahead of us at our price
  Qty traded = 0;  ///< lots traded at our price since the level's last size update
  friend constexpr bool operator==(const QueuePosition&, const QueuePosition&) = default;
};

template <typename M>
concept QueueModelType = requires(const M& m, QueuePosition& q, Qty a, Qty b) {
  m.on_new_order(q, a);                       // a = level size when the order starts queueing
  { m.on_trade(q, a) } -> std::same_as<Qty>;  // a = traded lots; returns lots that reach us
  m.on_level_change(q, a, b);                 // a = size before, b = size after the update
};

namespace queue_detail {

/// Shared by every model: we join the back of the visible queue.
constexpr void join_back(QueuePosition& q, Qty level_qty) {
  q.ahead = level_qty > 0 ? level_qty : 0;
  q.traded = 0;
}

/// Shared by every model: a trade of `traded` lots at our price takes the queue ahead first; the
/// excess is what reaches us (the matching rules decide how much of it fills us).
constexpr Qty consume_trade(QueuePosition& q, Qty traded) {
  q.traded += traded;
  if (traded <= q.ahead) {
    q.ahead -= traded;
    return 0;
  }
  const Qty excess = traded - q.ahead;
  q.ahead = 0;
  return excess;
}

}  // namespace queue_detail
}  // namespace tilt
