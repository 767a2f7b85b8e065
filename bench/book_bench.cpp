// L2 book throughput on synthetic data, alone and with five signals attached.
//
//   ./build/bin/bench_book --benchmark_min_time=0.5
// Each benchmark replays the same 2M synthetic events (tilt::synthetic, default parameters) and
// reports events/s and time/event (an inverted rate counter, e.g. "41.3n" = 41.3 ns).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_events.hpp"
#include "tests/support/naive_book.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"

namespace {

using tilt::bench::set_event_counters;
const auto& events = tilt::bench::synthetic_events;

/// The five signals of the headline figure.
std::vector<tilt::SignalSpec> five_signals() {
  return {{"queue_imbalance", {}, ""},
          {"depth_imbalance", {{"levels", "5"}}, ""},
          {"ofi", {{"levels", "1"}, {"window", "100"}}, ""},
          {"micro_price", {}, ""},
          {"trade_flow_imbalance", {{"window", "100ms"}}, ""}};
}

void BM_OrderBook(benchmark::State& state) {
  const auto& ev = events();
  for (auto _ : state) {
    tilt::OrderBook book;
    for (const tilt::Event& e : ev) book.apply(e);
    benchmark::DoNotOptimize(book.best(tilt::Side::buy));
  }
  set_event_counters(state);
}
BENCHMARK(BM_OrderBook)->Unit(benchmark::kMillisecond);

void BM_NaiveBook(benchmark::State& state) {
  const auto& ev = events();
  for (auto _ : state) {
    tilt::testing::NaiveBook book;
    for (const tilt::Event& e : ev) book.apply(e);
    benchmark::DoNotOptimize(book.best(tilt::Side::buy));
  }
  set_event_counters(state);
}
BENCHMARK(BM_NaiveBook)->Unit(benchmark::kMillisecond);

/// Arg 0: one value read per event (the first signal, queue_imbalance), as a strategy that trades
/// on one signal; the other book-state signals are never evaluated (signal_set.hpp). Arg 1: all
/// five values read after every event.
void BM_OrderBookFiveSignals(benchmark::State& state) {
  const auto& ev = events();
  const bool read_all = state.range(0) != 0;
  for (auto _ : state) {
    tilt::OrderBook book;
    tilt::SignalSet set;
    for (const auto& spec : five_signals()) set.add(spec);
    double sink = 0;
    for (const tilt::Event& e : ev) {
      book.apply(e);
      set.on_event(book, e);
      if (read_all) {
        for (const tilt::SignalValue& v : set.values()) sink += v.value;
      } else {
        sink += set.value(tilt::SignalHandle{0}).value;
      }
    }
    benchmark::DoNotOptimize(sink);
  }
  set_event_counters(state);
}
BENCHMARK(BM_OrderBookFiveSignals)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

/// The same five signals as a hand-written loop over std::variant, each updated incrementally
/// on every event (its own on_event), all five values read: the eager way, without SignalSet.
void BM_OrderBookFiveSignalsVariant(benchmark::State& state) {
  const auto& ev = events();
  for (auto _ : state) {
    tilt::OrderBook book;
    std::vector<tilt::AnySignal> signals;
    for (const auto& spec : five_signals()) signals.push_back(tilt::make_signal(spec));
    std::vector<tilt::SignalValue> values(signals.size());
    double sink = 0;
    for (const tilt::Event& e : ev) {
      book.apply(e);
      for (std::size_t i = 0; i < signals.size(); ++i) {
        tilt::on_event(signals[i], book, e);
        values[i] = tilt::value(signals[i]);
      }
      for (const tilt::SignalValue& v : values) sink += v.value;
    }
    benchmark::DoNotOptimize(sink);
  }
  set_event_counters(state);
}
BENCHMARK(BM_OrderBookFiveSignalsVariant)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
