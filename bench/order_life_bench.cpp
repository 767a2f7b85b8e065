// What one order's life costs the loop of `tilt run` (issue 17's order-life target): the run of
// configs/heavy_orders.yaml (the built-in market maker at the touch, requoting on every one-tick
// move, 10 µs latency each way, default tables recorded) against the same run with a quote size
// above max_position, so that it works out its quotes on every event but never sends one. Both
// runs go through run_config (stores, simulator, recording), back to back in each iteration, so
// the difference is what the orders cost: queue events, venue, order state, accountant, the
// strategy's reactions and their recording, on the loop's thread.
//
//   build/bin/bench_order_life --benchmark_counters_tabular=true
//
// Counters: loop_s and loop_no_orders_s (RunReport::wall_seconds, the stores' opening and the
// replay), orders (submitted) and requests (submits + modifies + cancels), and
// ns/order_life = (loop_s − loop_no_orders_s) / orders, ns/request likewise. The report is off
// (it runs after the loop); the results file is written as `tilt run` writes it.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench_runs.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/store/event_store.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kEvents = 10'000'000;

const std::string& store_path() {
  static const std::string path =
      tilt::bench::configs_synthetic_store("tilt-bench-heavy-orders.h5", kEvents);
  return path;
}

const tilt::StrategyRunners& runners() {
  return tilt::bench::market_maker_runners();
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("configs/heavy_orders.yaml: no " + from);
  text.replace(at, from.size(), to);
}

/// configs/heavy_orders.yaml on the bench's store, report off; `orders` false: size 4 lots with
/// max_position 3, so no order is ever sent.
tilt::RunConfig heavy_orders(bool orders, const std::string& output_dir) {
  std::ifstream in(std::string(TILT_SOURCE_DIR) + "/configs/heavy_orders.yaml");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  replace(text, "store: runs/heavy_orders/synthetic.h5", "store: " + store_path());
  replace(text, "output:\n", "output:\n  report: false\n");
  if (!orders) replace(text, "size: 1 lots", "size: 4 lots");
  tilt::RunConfig config = tilt::parse_run_config(text, "configs/heavy_orders.yaml");
  config.output_dir = output_dir;
  return config;
}

/// summary.json's "orders": {... "key": N ...}.
double summary_count(const std::string& summary, const std::string& key) {
  const std::size_t at = summary.find("\"" + key + "\":");
  return at == std::string::npos ? 0.0 : std::stod(summary.substr(at + key.size() + 3));
}

void BM_OrderLife(benchmark::State& state) {
  const std::string dir = (fs::temp_directory_path() / "tilt-bench-order-life").string();
  double with_orders = 0.0;
  double without = 0.0;
  double orders = 0.0;
  double requests = 0.0;
  for (auto _ : state) {
    for (const bool send : {false, true}) {
      tilt::RunOptions options;
      options.output_dir = dir;
      const tilt::RunReport report = tilt::run_config(heavy_orders(send, dir), options, runners());
      if (!report.ok) {
        state.SkipWithError(report.error.c_str());
        return;
      }
      (send ? with_orders : without) += report.wall_seconds;
      if (send) {
        orders = summary_count(report.summary_json, "submitted");
        requests = orders + summary_count(report.summary_json, "modify_requests") +
                   summary_count(report.summary_json, "cancel_requests");
      }
    }
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["loop_s"] = with_orders / n;
  state.counters["loop_no_orders_s"] = without / n;
  state.counters["orders"] = orders;
  state.counters["requests"] = requests;
  state.counters["ns/order_life"] = (with_orders - without) / n / orders * 1e9;
  state.counters["ns/request"] = (with_orders - without) / n / requests * 1e9;
}

BENCHMARK(BM_OrderLife)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
