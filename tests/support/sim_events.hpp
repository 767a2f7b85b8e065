// Builders for hand-written market-data scenarios and a scripted strategy for simulator tests.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "tilt/sim/simulator.hpp"

namespace tilt::testing {

/// A level event at exch_ts `t`, received locally at `local` (default: same time).
inline Event level(Timestamp t, Side side, Price price, Qty qty, Timestamp local = -1) {
  Event e{};
  e.exch_ts = t;
  e.local_ts = local < 0 ? t : local;
  e.price = price;
  e.qty = static_cast<std::int32_t>(qty);
  e.kind = EventKind::level;
  e.side = side;
  return e;
}
/// A trade of `qty` at `price`; `aggressor` is the side that crossed.
inline Event trade(Timestamp t, Side aggressor, Price price, Qty qty, Timestamp local = -1) {
  Event e = level(t, aggressor, price, qty, local);
  e.kind = EventKind::trade;
  return e;
}
inline Event marker(Timestamp t, EventKind kind, Timestamp local = -1) {
  Event e{};
  e.exch_ts = t;
  e.local_ts = local < 0 ? t : local;
  e.kind = kind;
  return e;
}

/// What a strategy saw, for assertions.
struct Seen {
  enum class What { book, trade, update, timer } what;
  Timestamp now;
  Event event{};
  OrderUpdate update{};
  TimerId timer{};
};

/// Runs `actions[i].second(ctx)` at local time actions[i].first (through timers) and records every
/// callback. Copyable, so it can also be an instance in a multi-instance run.
class ScriptedStrategy {
 public:
  using Action = std::function<void(StrategyContext&)>;
  explicit ScriptedStrategy(std::vector<std::pair<Timestamp, Action>> actions = {})
      : actions_(std::move(actions)) {}

  void on_start(StrategyContext& ctx) {
    for (const auto& a : actions_) timer_ids_.push_back(ctx.set_timer(a.first).value);
  }
  void on_book(StrategyContext& ctx, const Event& e) {
    seen.push_back({Seen::What::book, ctx.now(), e, {}, {}});
  }
  void on_trade(StrategyContext& ctx, const Event& e) {
    seen.push_back({Seen::What::trade, ctx.now(), e, {}, {}});
  }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    seen.push_back({Seen::What::update, ctx.now(), {}, u, {}});
    updates.push_back(u);
  }
  void on_timer(StrategyContext& ctx, TimerId id) {
    seen.push_back({Seen::What::timer, ctx.now(), {}, {}, id});
    for (std::size_t i = 0; i < timer_ids_.size(); ++i) {
      if (timer_ids_[i] == id.value) actions_[i].second(ctx);
    }
  }
  void on_finish(StrategyContext&) {}

  std::vector<Seen> seen;
  std::vector<OrderUpdate> updates;

 private:
  std::vector<std::pair<Timestamp, Action>> actions_;
  std::vector<std::uint64_t> timer_ids_;
};

/// Updates of one kind, in arrival order.
inline std::vector<OrderUpdate> of_kind(const std::vector<OrderUpdate>& all, UpdateKind kind) {
  std::vector<OrderUpdate> out;
  for (const auto& u : all) {
    if (u.kind == kind) out.push_back(u);
  }
  return out;
}

}  // namespace tilt::testing
