// End to end on a synthetic store: store -> exchange book -> matching -> accountant, and
// store -> local book -> 5 signals -> a two-sided market maker that requotes on imbalance changes.
// Beside it, in the same run, the raw scan of the same store (StoreReader, every event touched):
// the ceiling the pipeline is compared against.
//
//   build/bin/bench_e2e --benchmark_counters_tabular=true
//
// Counters: events/s (wall clock), and for the end-to-end rows ratio_to_scan = their events/s over
// the raw scan's events/s measured earlier in the same process, plus fills and orders per run.
// `prefetch` rows let StoreReader decode on a second thread (its default); the others run on one
// thread.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "tests/support/sim_market_maker.hpp"
#include "tilt/sim/simulator.hpp"
#include "tilt/store/event_store.hpp"

namespace {

constexpr std::int64_t kEvents = 5'000'000;

const std::string& store_path() {
  static const std::string path = [] {
    const std::string p =
        (std::filesystem::temp_directory_path() / "tilt-bench-e2e-5M.h5").string();
    if (!std::filesystem::exists(p) || tilt::read_store_metadata(p).event_count != kEvents) {
      tilt::synthetic::Params params;
      params.events = kEvents;
      params.seed = 1;
      tilt::synthetic::write_store(params, p);
    }
    return p;
  }();
  return path;
}

double g_scan_rate[2] = {0.0, 0.0};  // [prefetch]

void BM_RawScan(benchmark::State& state) {
  const bool prefetch = state.range(0) != 0;
  tilt::StoreReader::Options options;
  options.prefetch = prefetch;
  store_path();  // generated once, outside the timed loop
  for (auto _ : state) {
    std::int64_t checksum = 0;
    tilt::for_each_batch(
        store_path(),
        [&](std::span<const tilt::Event> batch) {
          for (const tilt::Event& e : batch) checksum += e.qty + e.price;
        },
        options);
    benchmark::DoNotOptimize(checksum);
  }
  const double events = static_cast<double>(state.iterations()) * kEvents;
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
}

/// Arg: prefetch (0 = one thread). BM_EndToEndModify: the same on one thread, but the market
/// maker moves its quotes with one modify each instead of a cancel and a new order.
void run_end_to_end(benchmark::State& state, bool prefetch, bool requote_by_modify,
                    int instances = 1) {
  tilt::StoreReader::Options options;
  options.prefetch = prefetch;
  std::int64_t fills = 0;
  std::int64_t orders = 0;
  std::int64_t modifies = 0;
  store_path();
  for (auto _ : state) {
    tilt::StoreReader reader(store_path(), options);
    tilt::Simulator<tilt::testing::SimMarketMaker> sim;
    auto& signals = sim.signals();
    const auto qi = signals.add({"queue_imbalance", {}, ""});
    signals.add({"depth_imbalance", {{"levels", "5"}}, ""});
    signals.add({"ofi", {{"levels", "1"}, {"window", "100"}}, ""});
    signals.add({"micro_price", {}, ""});
    signals.add({"trade_flow_imbalance", {{"window", "100"}}, ""});
    tilt::InstanceConfig config;
    config.latency = tilt::ConstantLatency{100 * tilt::kMicrosecond, 100 * tilt::kMicrosecond};
    config.fees = tilt::NotionalFee{-0.00005, 0.0004};
    for (int k = 0; k < instances; ++k) {
      // A sweep over the skew threshold: 0.3 for the first, then 0.1, 0.2, ... for the others.
      const double threshold = k == 0 ? 0.3 : 0.1 * k;
      tilt::testing::MarketMakerParams params{1, 5, threshold, qi};
      params.requote_by_modify = requote_by_modify;
      sim.add_instance(tilt::testing::SimMarketMaker(params), config);
    }
    sim.run(reader);
    fills = static_cast<std::int64_t>(sim.instance(0).accountant().fills().size());
    orders = sim.instance(0).counts().submitted;
    modifies = sim.instance(0).counts().modify_requests;
    benchmark::DoNotOptimize(sim.instance(0).accountant().position().cash);
  }
  const double events = static_cast<double>(state.iterations()) * kEvents;
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["fills"] = static_cast<double>(fills);
  state.counters["orders"] = static_cast<double>(orders);
  state.counters["modifies"] = static_cast<double>(modifies);
  if (instances > 1) {
    state.counters["instance_events/s"] =
        benchmark::Counter(events * instances, benchmark::Counter::kIsRate);
  }
}
void BM_EndToEnd(benchmark::State& state) {
  run_end_to_end(state, state.range(0) != 0, false);
}
/// Arg: strategy instances driven by one replay (a parameter sweep): the decoding, both books and
/// the signals are paid once, the venue, orders and strategy once per instance. Counters are the
/// first instance's; instance_events/s = events × instances per second.
void BM_EndToEndSweep(benchmark::State& state) {
  run_end_to_end(state, false, false, static_cast<int>(state.range(0)));
}
void BM_EndToEndModify(benchmark::State& state) {
  run_end_to_end(state, false, true);
}

// Where the end-to-end time goes, on the same 5M events held in memory (no decoding): the
// simulator with no signals and a strategy that never trades (two books, the event loop), then
// with the five signals, then the full market maker. Differences between rows are each stage's
// cost per event.
struct IdleStrategy {
  template <typename Ctx>
  void on_start(Ctx&) {}
  template <typename Ctx>
  void on_book(Ctx&, const tilt::Event&) {}
  template <typename Ctx>
  void on_trade(Ctx&, const tilt::Event&) {}
  template <typename Ctx>
  void on_order_update(Ctx&, const tilt::OrderUpdate&) {}
  template <typename Ctx>
  void on_timer(Ctx&, tilt::TimerId) {}
  template <typename Ctx>
  void on_finish(Ctx&) {}
};

/// Trades nothing but reads every signal of the set on every event, as a strategy that combines
/// all five would: the cost of evaluating the book-state signals, which the set otherwise computes
/// only when read (signal_set.hpp).
struct ReadAllSignals : IdleStrategy {
  template <typename Ctx>
  void on_book(Ctx& ctx, const tilt::Event&) {
    read(ctx);
  }
  template <typename Ctx>
  void on_trade(Ctx& ctx, const tilt::Event&) {
    read(ctx);
  }
  template <typename Ctx>
  void read(Ctx& ctx) {
    for (std::size_t i = 0; i < ctx.signals().size(); ++i) sink += ctx.signal({i}).value;
  }
  double sink = 0;
};

const std::vector<tilt::Event>& events_in_memory() {
  static const std::vector<tilt::Event> all = [] {
    std::vector<tilt::Event> out;
    out.reserve(static_cast<std::size_t>(kEvents));
    tilt::for_each_batch(store_path(), [&](std::span<const tilt::Event> batch) {
      out.insert(out.end(), batch.begin(), batch.end());
    });
    return out;
  }();
  return all;
}

void add_five_signals(tilt::SignalSet& signals) {
  signals.add({"queue_imbalance", {}, ""});
  signals.add({"depth_imbalance", {{"levels", "5"}}, ""});
  signals.add({"ofi", {{"levels", "1"}, {"window", "100"}}, ""});
  signals.add({"micro_price", {}, ""});
  signals.add({"trade_flow_imbalance", {{"window", "100"}}, ""});
}

tilt::InstanceConfig bench_instance_config() {
  tilt::InstanceConfig config;
  config.latency = tilt::ConstantLatency{100 * tilt::kMicrosecond, 100 * tilt::kMicrosecond};
  config.fees = tilt::NotionalFee{-0.00005, 0.0004};
  return config;
}

/// Arg: 0 = idle strategy, no signals; 1 = idle strategy, five signals; 2 = market maker too
/// (it reads queue_imbalance on every book event); 3 = five signals, a strategy that reads all
/// five on every event and never trades; 4 = the market maker of 2 with its orders switched off
/// (max_inventory -1: it works out its quotes on every event but may never send one), so that
/// 2 minus 4 is what its orders cost (matching, queue events, responses, accountant).
void BM_Stages(benchmark::State& state) {
  const auto& ev = events_in_memory();
  const auto stage = state.range(0);
  for (auto _ : state) {
    if (stage == 3) {
      tilt::Simulator<ReadAllSignals> sim;
      add_five_signals(sim.signals());
      sim.add_instance(ReadAllSignals{}, bench_instance_config());
      sim.run(std::span<const tilt::Event>(ev));
      benchmark::DoNotOptimize(sim.strategy(0).sink);
    } else if (stage < 2) {
      tilt::Simulator<IdleStrategy> sim;
      if (stage == 1) add_five_signals(sim.signals());
      sim.add_instance(IdleStrategy{}, bench_instance_config());
      sim.run(std::span<const tilt::Event>(ev));
      benchmark::DoNotOptimize(sim.events());
    } else {
      tilt::Simulator<tilt::testing::SimMarketMaker> sim;
      add_five_signals(sim.signals());
      const auto qi = *sim.signals().find("queue_imbalance");
      const tilt::Qty max_inventory = stage == 4 ? -1 : 5;
      sim.add_instance(tilt::testing::SimMarketMaker({1, max_inventory, 0.3, qi}),
                       bench_instance_config());
      sim.run(std::span<const tilt::Event>(ev));
      benchmark::DoNotOptimize(sim.instance(0).accountant().position().cash);
    }
  }
  const double events = static_cast<double>(state.iterations()) * kEvents;
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["time/event"] =
      benchmark::Counter(events, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The ratio needs both rows' final rates, which exist only once each benchmark has finished, so a
// reporter computes it: raw scans are registered (and run) first.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> copy = runs;
    for (Run& run : copy) {
      const auto it = run.counters.find("events/s");
      if (it == run.counters.end()) continue;
      const std::string name = run.benchmark_name();
      const int prefetch = name.find("/1") != std::string::npos ? 1 : 0;
      if (name.rfind("BM_RawScan", 0) == 0) {
        g_scan_rate[prefetch] = it->second.value;
      } else if (name.rfind("BM_EndToEnd", 0) == 0 && g_scan_rate[prefetch] > 0.0) {
        run.counters["ratio_to_scan"] = it->second.value / g_scan_rate[prefetch];
      }
    }
    ConsoleReporter::ReportRuns(copy);
  }
};

BENCHMARK(BM_RawScan)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EndToEnd)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EndToEndModify)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EndToEndSweep)->Arg(8)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Stages)->DenseRange(0, 4)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
