// One point of a sweep as a run: its run config, its stable id and the replay group it joins.
#pragma once

#include <string>
#include <vector>

#include "tilt/config/run_config.hpp"
#include "tilt/run/strategy_runners.hpp"
#include "tilt/sweep/sweep_config.hpp"

namespace tilt {

struct ResolvedPoint {
  std::string id;                   ///< 16 hex digits: FNV-1a 64 of resolved_yaml
  std::vector<std::string> values;  ///< the swept values, in SweepConfig::parameters order
  RunConfig config;           ///< as replayed (StrategyRunner::replay_config); output_dir empty
  std::string resolved_yaml;  ///< the run config with every default filled in
  std::string group_key;      ///< points with equal keys share one replay
};

/// The base config with the point's values set, validated as a run config (strategy parameters
/// by the strategy itself), with a plugin's required signals added as `tilt run` adds them. A value
/// the run config rejects is a ConfigError at the parameter's position in the sweep file.
ResolvedPoint resolve_point(const SweepConfig& sweep, const SweepPoint& point,
                            const StrategyRunners& runners);

/// What a replay shares: data, time range, feed latency, signals, book settings and the strategy
/// type. Everything else a run config holds (strategy params, order latency, fees, matching,
/// outputs, seed) may differ between the instances of one Simulator.
std::string replay_group_key(const RunConfig& config);

/// FNV-1a 64 of `text` as 16 lower-case hex digits.
std::string stable_hash(const std::string& text);

}  // namespace tilt
