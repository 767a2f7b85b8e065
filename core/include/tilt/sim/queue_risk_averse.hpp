// The risk-averse queue model: no cancellation is ever ahead of us.
//
//   on a size decrease from P to N at our price:   ahead' = min(ahead, N)
//
// Our position improves only through trades at our price, or when the level shrinks below the
// size we believed was ahead (then everything left is ahead of us, at most). This is the most
// pessimistic rule that stays consistent with the visible size; hftbacktest ships the same rule as
// its RiskAdverseQueueModel. O(1).
#pragma once

#include <algorithm>

#include "tilt/sim/queue_position.hpp"

namespace tilt {

struct RiskAverseQueue {
  void on_new_order(QueuePosition& q, Qty level_qty) const {
    queue_detail::join_back(q, level_qty);
  }
  Qty on_trade(QueuePosition& q, Qty traded) const {
    return queue_detail::consume_trade(q, traded);
  }
  void on_level_change(QueuePosition& q, Qty /*before*/, Qty after) const {
    q.ahead = ahead_after_level_change(q, after);
    q.traded = 0;
  }
  /// The lots ahead once the level holds `after` (what on_level_change leaves in q.ahead).
  static constexpr Qty ahead_after_level_change(const QueuePosition& q, Qty after) {
    return std::min(q.ahead, std::max<Qty>(after, 0));
  }
};

static_assert(QueueModelType<RiskAverseQueue>);

}  // namespace tilt
