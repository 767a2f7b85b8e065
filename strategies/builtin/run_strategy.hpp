// From a run config to a finished run folder, whichever strategy it names: a built-in (run through
// the engine's compile-time interface) or a plugin (through tilt::Strategy's virtual interface).
#pragma once

#include <string>
#include <vector>

#include "tilt/config/run_config.hpp"
#include "tilt/run/backtest.hpp"

namespace tilt::strategies {

/// Names of the built-in strategies.
std::vector<std::string> builtin_names();

/// Builds the strategy from config.strategy_* (ConfigError / PluginError before anything is
/// written), writes config.resolved.yaml into options.output_dir, then runs the backtest.
RunReport run_config(const RunConfig& config, RunOptions options);

}  // namespace tilt::strategies
