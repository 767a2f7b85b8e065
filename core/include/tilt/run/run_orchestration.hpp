// From a run config to a finished run folder, whichever strategy it names: a built-in from the
// registry (run through the engine's compile-time interface) or a plugin (through tilt::Strategy's
// virtual interface). `tilt run` is this function; sweeps (tilt/sweep/) sit beside it and run
// many configs through the same registry.
#pragma once

#include "tilt/config/run_config.hpp"
#include "tilt/run/backtest.hpp"
#include "tilt/run/strategy_runners.hpp"

namespace tilt {

/// Builds the strategy from config.strategy_* (ConfigError / PluginError before anything is
/// written), writes config.resolved.yaml into options.output_dir, calls options.prepare_data, then
/// runs the backtest.
RunReport run_config(const RunConfig& config, RunOptions options, const StrategyRunners& registry);

/// Writes `<dir>/config.resolved.yaml` (created if needed) atomically.
void write_resolved_config(const RunConfig& config,
                           const std::map<std::string, std::string>& strategy_params,
                           const std::string& dir);

}  // namespace tilt
