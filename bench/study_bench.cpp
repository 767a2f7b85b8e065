// tilt study throughput: 5 signals x 6 horizons (configs/study.yaml's set) over 2M synthetic
// events read from a store, end to end (store -> book -> signals -> look-ahead -> statistics,
// CKS and micro-price), under each sampling rule; and the parts on their own.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTILT_BUILD_BENCH=ON
//   cmake --build build-bench --target bench_study && ./build-bench/bin/bench_study
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/store/event_store.hpp"
#include "tilt/study/study.hpp"
#include "tilt/study/study_engine.hpp"

namespace {

using tilt::bench::set_event_counters;
namespace study = tilt::study;

const std::string& store_path() {
  static const std::string path = [] {
    const auto p = std::filesystem::temp_directory_path() / "tilt_bench_study.h5";
    tilt::StoreWriter writer(p.string(), tilt::synthetic::synthetic_instrument());
    writer.append(tilt::bench::synthetic_events());
    writer.close();
    return p.string();
  }();
  return path;
}

study::StudyConfig config(const std::string& sampling) {
  return study::parse_study_config(R"(
data: {store: )" + store_path() + R"(}
signals:
  - {type: queue_imbalance}
  - {type: depth_imbalance, levels: 5, weights: exponential, name: depth5}
  - {type: ofi, levels: 1, window: 100ms, normalized: true, name: ofi_100ms}
  - {type: micro_price}
  - {type: trade_flow_imbalance, window: 1s, name: trade_flow_1s}
horizons: [1, 10, 100, 10ms, 100ms, 1s]
sampling: {every: )" + sampling + R"(}
cks: {interval: 1s, window: 60s}
)",
                                   "bench");
}

void BM_Study(benchmark::State& state, const std::string& sampling) {
  const study::StudyConfig c = config(sampling);
  std::int64_t samples = 0;
  for (auto _ : state) {
    const study::StudyResult r = study::run_study(c);
    samples = r.counters.samples;
    benchmark::DoNotOptimize(r.predictive.data());
  }
  set_event_counters(state);
  state.counters["samples"] = static_cast<double>(samples);
}
BENCHMARK_CAPTURE(BM_Study, every_message, std::string("message"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Study, every_10th_message, std::string("10"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Study, clock_10ms, std::string("10ms"))->Unit(benchmark::kMillisecond);

// The floor at every message: store read, book and the five signals read once per event, no
// statistics.
void BM_StoreBookSignals(benchmark::State& state) {
  const study::StudyConfig c = config("message");
  for (auto _ : state) {
    tilt::OrderBook book(tilt::BookOptions{tilt::CrossedPolicy::repair});
    tilt::SignalSet set;
    for (const tilt::SignalSpec& s : c.signals) set.add(s);
    double sink = 0;
    tilt::for_each_batch(store_path(), [&](std::span<const tilt::Event> batch) {
      for (const tilt::Event& e : batch) {
        book.apply(e);
        set.on_event(book, e);
        for (std::size_t i = 0; i < set.size(); ++i) sink += set.value({i}).value;
      }
    });
    benchmark::DoNotOptimize(sink);
  }
  set_event_counters(state);
}
BENCHMARK(BM_StoreBookSignals)->Unit(benchmark::kMillisecond);

// The replay as a sparsely sampling study pays it: store read, book and the flow signals updated
// on every event; no value read (book-state signals are computed only when read, at samples).
void BM_StoreBookSignalsUnread(benchmark::State& state) {
  const study::StudyConfig c = config("message");
  for (auto _ : state) {
    tilt::OrderBook book(tilt::BookOptions{tilt::CrossedPolicy::repair});
    tilt::SignalSet set;
    for (const tilt::SignalSpec& s : c.signals) set.add(s);
    tilt::for_each_batch(store_path(), [&](std::span<const tilt::Event> batch) {
      for (const tilt::Event& e : batch) {
        book.apply(e);
        set.on_event(book, e);
      }
    });
    benchmark::DoNotOptimize(set.value({0}));
  }
  set_event_counters(state);
}
BENCHMARK(BM_StoreBookSignalsUnread)->Unit(benchmark::kMillisecond);

// The statistics alone: one sample per event with five precomputed values, six horizons.
void BM_EngineOnly(benchmark::State& state) {
  const study::StudyConfig c = config("message");
  const auto& ev = tilt::bench::synthetic_events();
  std::vector<double> values(ev.size() * 5);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (double& v : values) v = u(rng);
  std::vector<study::SignalAxis> axes;
  for (int s = 0; s < 5; ++s) axes.push_back({"s" + std::to_string(s), s % 2 == 0, -1.0, 1.0});
  for (auto _ : state) {
    study::StudyEngine engine(axes, c.horizons, study::GridOptions{}, c.lookahead_capacity);
    std::int64_t mid2 = 2'000'001;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      engine.before_message(ev[i].exch_ts, mid2);
      mid2 += (i % 29 == 0) ? 1 : (i % 31 == 0 ? -1 : 0);
      engine.after_book_message(mid2);
      engine.sample(ev[i].exch_ts, mid2, &values[i * 5]);
    }
    engine.finish();
    benchmark::DoNotOptimize(engine.counters());
  }
  set_event_counters(state);
}
BENCHMARK(BM_EngineOnly)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
