// Recorded<S>: wraps a strategy to record what only the strategy side sees into results.h5,
// through a ResultsRecorder that streams it to disk:
//   * every order update as it reached the strategy (the orders' life cycle, at local time);
//   * the signals and the local mid sampled every `interval` of local time (the state after all
//     events with local time <= the sample time; a sample is taken on the first callback at or
//     after it, so quiet periods produce no rows).
// Per event it costs one comparison; per order update one copy into a fixed batch.
#pragma once

#include <limits>

#include "tilt/run/results_recorder.hpp"
#include "tilt/sim/context.hpp"
#include "tilt/sim/event_queue.hpp"

namespace tilt {

template <typename S>
class Recorded {
 public:
  /// `out` outlives the run.
  Recorded(S strategy, Duration interval, ResultsRecorder& out)
      : strategy_(std::move(strategy)), interval_(interval), out_(&out) {}

  void on_start(StrategyContext& ctx) {
    next_sample_ = ctx.now();
    strategy_.on_start(ctx);
  }
  void on_book(StrategyContext& ctx, const Event& e) {
    if (ctx.now() >= next_sample_) [[unlikely]]
      sample(ctx);
    strategy_.on_book(ctx, e);
  }
  void on_trade(StrategyContext& ctx, const Event& e) {
    if (ctx.now() >= next_sample_) [[unlikely]]
      sample(ctx);
    strategy_.on_trade(ctx, e);
  }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    out_->on_update(u);
    strategy_.on_order_update(ctx, u);
  }
  void on_timer(StrategyContext& ctx, TimerId id) { strategy_.on_timer(ctx, id); }
  void on_finish(StrategyContext& ctx) { strategy_.on_finish(ctx); }

  const S& strategy() const { return strategy_; }

 private:
  void sample(StrategyContext& ctx) {
    // Snap to the interval grid so sample times do not drift with event timing.
    const Timestamp at = next_sample_;
    out_->on_sample(at, ctx.mid(), ctx.signals().values());
    next_sample_ = at + ((ctx.now() - at) / interval_ + 1) * interval_;
  }

  S strategy_;
  Duration interval_;
  ResultsRecorder* out_;
  Timestamp next_sample_ = std::numeric_limits<Timestamp>::max();
};

}  // namespace tilt
