// The queue models YAML can name, as one std::variant. Adding a model: one header with its formula
// and a hand-worked test, plus one line here.
//   risk_averse        queue_risk_averse.hpp
//   power (n)          queue_probabilistic.hpp, f(x) = x^n
//   log                queue_probabilistic.hpp, f(x) = ln(1 + x)
// The variant is visited only when an event touches one of our resting orders' price levels.
#pragma once

#include <variant>

#include "tilt/sim/queue_position.hpp"
#include "tilt/sim/queue_probabilistic.hpp"
#include "tilt/sim/queue_risk_averse.hpp"

namespace tilt {

using QueueModel = std::variant<RiskAverseQueue, PowerProbQueue, LogProbQueue>;

inline void on_new_order(const QueueModel& m, QueuePosition& q, Qty level_qty) {
  std::visit([&](const auto& model) { model.on_new_order(q, level_qty); }, m);
}
inline Qty on_trade(const QueueModel& m, QueuePosition& q, Qty traded) {
  return std::visit([&](const auto& model) { return model.on_trade(q, traded); }, m);
}
inline void on_level_change(const QueueModel& m, QueuePosition& q, Qty before, Qty after) {
  std::visit([&](const auto& model) { model.on_level_change(q, before, after); }, m);
}

}  // namespace tilt
