// Sweeps of the built-in market maker over the default synthetic data (2,000,000 events, seed 42,
// as configs/default.yaml), against one run of one point:
//   one_run              one point through `tilt run`'s path (run_config: outputs and all)
//   sweep36/workers:W    the 36 points of configs/sweep.yaml on W threads (one replay per unit;
//                        the best 3 recorded as they run)
//   sweep100             100 points (10 × 10 grid) on every core, sharing replays (the best 3
//                        run again at the end)
//
//   build/bin/bench_sweep --benchmark_counters_tabular=true
//   chrt -f 1 build/bin/bench_sweep ...   (on a shared machine: see bench/README.md "Sweeps")
//
// Counters: runs/s, instance_events/s (market-data events × instances per wall second), and for
// sweeps x_one_run = sweep wall time / one_run's wall time measured earlier in the same process.
// Targets (issue 19): sweep36/workers:2 at least 1.8× faster than workers:1 on 2 cores; sweep100 at
// most 25 × one_run.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "bench_runs.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/sweep/sweep_runner.hpp"

namespace {

namespace fs = std::filesystem;

const std::string& store_path() {
  static const std::string path =
      tilt::bench::configs_synthetic_store("tilt-bench-sweep-default.h5", 2'000'000);
  return path;
}

const tilt::StrategyRunners& runners() {
  return tilt::bench::market_maker_runners();
}

std::string base() {
  return "base:\n  data: {store: " + store_path() +
         "}\n"
         "  signals:\n"
         "    - {type: queue_imbalance}\n"
         "    - {type: depth_imbalance, levels: 5, weights: exponential, name: depth5}\n"
         "    - {type: ofi, levels: 1, window: 100ms, normalized: true, name: ofi_100ms}\n"
         "    - {type: micro_price}\n"
         "    - {type: trade_flow_imbalance, window: 1s, name: trade_flow_1s}\n"
         "  strategy:\n    name: imbalance_market_maker\n"
         "    params: {half_spread_ticks: 1.0, max_position: 10, imbalance_skew_ticks: 2.0}\n"
         "  output: {sample_interval: 1s, signal_sample_interval: 100ms}\n";
}

double one_run_seconds = 0.0;
std::int64_t events = 0;

void one_run(benchmark::State& state) {
  const tilt::SweepConfig sweep =
      tilt::parse_sweep_config(base() + "space: {grid: {seed: [1]}}\n", "bench.yaml");
  const tilt::SweepPlan plan = tilt::make_sweep_plan(sweep, runners());
  for (auto _ : state) {
    const auto started = std::chrono::steady_clock::now();
    tilt::RunConfig config = plan.points.front().config;
    tilt::RunOptions options;
    options.output_dir = (fs::temp_directory_path() / "tilt-bench-sweep-one").string();
    config.output_dir = options.output_dir;
    const tilt::RunReport report = tilt::run_config(config, options, runners());
    one_run_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    events = report.events;
  }
  state.counters["instance_events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void sweep(benchmark::State& state, const std::string& space, std::size_t workers) {
  const tilt::SweepConfig config =
      tilt::parse_sweep_config(base() + space + "keep_top: 3\n", "bench.yaml");
  tilt::SweepOutcome out;
  double seconds = 0.0;
  for (auto _ : state) {
    tilt::SweepOptions options;
    options.output_dir =
        (fs::temp_directory_path() / ("tilt-bench-sweep-" + std::to_string(workers))).string();
    fs::remove_all(options.output_dir);
    options.workers = workers;
    const auto started = std::chrono::steady_clock::now();
    out = tilt::run_sweep(config, options, runners());
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(out.rows.size()), benchmark::Counter::kIsRate);
  state.counters["instance_events/s"] =
      benchmark::Counter(static_cast<double>(out.instance_events), benchmark::Counter::kIsRate);
  if (one_run_seconds > 0) state.counters["x_one_run"] = seconds / one_run_seconds;
}

const char* kSweep36 =
    "space:\n  grid:\n"
    "    strategy.params.imbalance_skew_ticks: {from: 0, to: 2.5, step: 0.5}\n"
    "    strategy.params.half_spread_ticks: [0.5, 1, 1.5, 2, 3, 4]\n";
const char* kSweep100 =
    "space:\n  grid:\n"
    "    strategy.params.imbalance_skew_ticks: {from: 0, to: 4.5, step: 0.5}\n"
    "    strategy.params.half_spread_ticks: {from: 0.5, to: 5, step: 0.5}\n";

BENCHMARK(one_run)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(sweep, sweep36 / workers : 1, kSweep36, 1)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(sweep, sweep36 / workers : 2, kSweep36, 2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(sweep, sweep100, kSweep100, 0)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
