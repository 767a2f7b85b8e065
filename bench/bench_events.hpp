// Shared by the book and signal benchmarks: the same 2M synthetic events in memory (seed 7), and
// the per-event counters every row reports.
#pragma once

#include <benchmark/benchmark.h>

#include <vector>

#include "adapters/synthetic/generator.hpp"

namespace tilt::bench {

inline const std::vector<Event>& synthetic_events() {
  static const std::vector<Event> all = [] {
    synthetic::Params p;
    p.events = 2'000'000;
    p.seed = 7;
    return synthetic::generate_all(p);
  }();
  return all;
}

/// events/s, and time/event as an inverted rate (printed with an SI prefix: "41.3n" = 41.3 ns).
inline void set_event_counters(benchmark::State& state) {
  const auto n =
      static_cast<double>(synthetic_events().size()) * static_cast<double>(state.iterations());
  state.counters["events/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["time/event"] =
      benchmark::Counter(n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace tilt::bench
