// Shared by the benchmarks that go through `tilt run`'s path (run_config, run_sweep): a synthetic
// store shaped like the configs' own data, generated once into the temp folder and reused by later
// runs of the program, and the runner table with the built-in market maker.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "adapters/synthetic/generator.hpp"
#include "strategies/builtin/imbalance_market_maker.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::bench {

/// The path of `file_name` in the temp folder, holding `events` events of the configs' synthetic
/// data (configs/default.yaml, heavy_orders.yaml: seed 42, 10 levels, imbalance strength 0.6);
/// written when missing or of another length.
inline std::string configs_synthetic_store(const std::string& file_name, std::int64_t events) {
  const std::string path = (std::filesystem::temp_directory_path() / file_name).string();
  if (!std::filesystem::exists(path) || read_store_metadata(path).event_count != events) {
    synthetic::Params params;
    params.events = events;
    params.seed = 42;
    params.levels = 10;
    params.imbalance_strength = 0.6;
    synthetic::write_store(params, path);
  }
  return path;
}

/// Runners with the built-in market maker, as `tilt run` names it.
inline const StrategyRunners& market_maker_runners() {
  static const StrategyRunners runners = [] {
    StrategyRunners r;
    r.add(builtin_strategy_runner<strategies::ImbalanceMarketMaker>("imbalance_market_maker"));
    return r;
  }();
  return runners;
}

}  // namespace tilt::bench
