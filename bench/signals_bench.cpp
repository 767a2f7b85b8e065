// Cost of each signal on its own: the book plus one signal, over the same 2M synthetic events.
// A signal's own cost is its ns/event minus BM_BookOnly's.
//
//   ./build/bin/bench_signals --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"

namespace {

using tilt::bench::set_event_counters;
const auto& events = tilt::bench::synthetic_events;

void BM_BookOnly(benchmark::State& state) {
  const auto& ev = events();
  for (auto _ : state) {
    tilt::OrderBook book;
    for (const tilt::Event& e : ev) book.apply(e);
    benchmark::DoNotOptimize(book.best(tilt::Side::sell));
  }
  set_event_counters(state);
}
BENCHMARK(BM_BookOnly)->Unit(benchmark::kMillisecond);

void run_signal(benchmark::State& state, const tilt::SignalSpec& spec) {
  const auto& ev = events();
  for (auto _ : state) {
    tilt::OrderBook book;
    tilt::SignalSet set;
    const tilt::SignalHandle h = set.add(spec);
    double sink = 0;
    for (const tilt::Event& e : ev) {
      book.apply(e);
      set.on_event(book, e);
      sink += set.value(h).value;
    }
    benchmark::DoNotOptimize(sink);
  }
  set_event_counters(state);
}

const std::vector<tilt::SignalSpec>& specs() {
  static const std::vector<tilt::SignalSpec> all = {
      {"queue_imbalance", {}, ""},
      {"depth_imbalance", {{"levels", "5"}}, ""},
      {"depth_imbalance", {{"levels", "5"}, {"weights", "exponential"}}, ""},
      {"depth_imbalance", {{"levels", "10"}}, ""},
      {"ofi", {{"levels", "1"}, {"window", "100"}}, ""},
      {"ofi", {{"levels", "1"}, {"window", "100ms"}, {"normalized", "true"}}, ""},
      {"ofi", {{"levels", "5"}, {"window", "100"}}, ""},
      {"weighted_mid", {}, ""},
      {"micro_price", {}, ""},
      {"trade_flow_imbalance", {{"window", "100ms"}}, ""},
      {"trade_flow_imbalance", {{"window", "100"}}, ""},
      {"mid", {}, ""},
      {"spread", {}, ""},
      {"bid_size", {}, ""},
  };
  return all;
}

const bool registered = [] {
  for (const auto& spec : specs()) {
    benchmark::RegisterBenchmark(("BM_Signal/" + tilt::canonical_name(spec)).c_str(),
                                 [spec](benchmark::State& s) { run_signal(s, spec); })
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
