// Shared by the tests that compare an instance streaming its history (RunHistory) with one keeping
// it: a busy synthetic market (frequent trades and moves, shallow levels, so orders fill and are
// replaced often) and the instance settings both instances use.
#pragma once

#include <cstdint>

#include "adapters/synthetic/generator.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt::testing {

inline synthetic::Params history_market(std::int64_t events, std::uint64_t seed) {
  synthetic::Params p;
  p.events = events;
  p.seed = seed;
  p.levels = 6;
  p.mean_level_size = 8;
  p.trade_probability = 0.15;
  p.move_probability = 0.05;
  return p;
}

/// 100 µs latency each way, markouts at 10 ms and 1 s; `history` null keeps everything in the
/// instance.
inline InstanceConfig history_config(RunHistory* history) {
  InstanceConfig c;
  c.latency = ConstantLatency{100 * kMicrosecond, 100 * kMicrosecond};
  c.accounting.markout_horizons = {10 * kMillisecond, kSecond};
  c.history = history;
  return c;
}

}  // namespace tilt::testing
