// Recorded<S>: wraps a strategy to keep what only the strategy side sees, for results.h5:
//   * every order update as it reached the strategy (the orders' life cycle, at local time);
//   * the signals and the local mid sampled every `interval` of local time (the state after all
//     events with local time <= the sample time; a sample is taken on the first callback at or
//     after it, so quiet periods produce no rows).
// Per event it costs one comparison; sampling and recording happen outside the hot path.
#pragma once

#include <cmath>
#include <limits>
#include <ranges>
#include <vector>

#include "tilt/sim/context.hpp"
#include "tilt/sim/event_queue.hpp"

namespace tilt {

struct SignalSample {
  Timestamp ts = 0;  ///< the sample time (a multiple of the interval after the first event)
  double mid = 0.0;  ///< ticks, NaN if a side is empty
};

struct RunRecording {
  Duration interval = 100 * kMillisecond;
  std::vector<SignalSample> samples;
  std::vector<double> signal_values;  ///< row-major: samples × signals, NaN when invalid
  std::size_t signal_count = 0;
  std::vector<OrderUpdate> updates;
};

template <typename S>
class Recorded {
 public:
  Recorded(S strategy, Duration interval) : strategy_(std::move(strategy)) {
    recording_.interval = interval;
  }

  void on_start(StrategyContext& ctx) {
    recording_.signal_count = ctx.signals().size();
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
    recording_.updates.push_back(u);
    strategy_.on_order_update(ctx, u);
  }
  void on_timer(StrategyContext& ctx, TimerId id) { strategy_.on_timer(ctx, id); }
  void on_finish(StrategyContext& ctx) { strategy_.on_finish(ctx); }

  const RunRecording& recording() const { return recording_; }
  const S& strategy() const { return strategy_; }

 private:
  void sample(StrategyContext& ctx) {
    // Snap to the interval grid so sample times do not drift with event timing.
    const Timestamp at = next_sample_;
    recording_.samples.push_back({at, ctx.mid()});
    for (double v : ctx.signals().values() | std::views::transform([](const SignalValue& s) {
                      return s.valid ? s.value : std::numeric_limits<double>::quiet_NaN();
                    })) {
      recording_.signal_values.push_back(v);
    }
    const Duration step = recording_.interval;
    next_sample_ = at + ((ctx.now() - at) / step + 1) * step;
  }

  S strategy_;
  RunRecording recording_;
  Timestamp next_sample_ = std::numeric_limits<Timestamp>::max();
};

}  // namespace tilt
