// A parameter sweep described in YAML: a base run config and a space of values for any of its keys.
//
//   base: default.yaml            # a run config file (relative to this file), or the config inline
//   space:
//     grid:                       # every combination
//       strategy.params.half_spread_ticks: [0.5, 1, 2]
//       strategy.params.imbalance_skew_ticks: {from: 0, to: 3, step: 0.5}   # inclusive range
//     zip:                        # aligned lists, one point per position
//       latency.entry: [100us, 250us]
//       latency.response: [100us, 250us]
//     random:                     # `samples` draws from seeded distributions
//       samples: 8
//       seed: 7
//       params:
//         strategy.params.inventory_skew_ticks: {uniform: [0, 2]}
//         strategy.params.requote_ticks: {int: [0, 3]}
//         strategy.params.size: {choice: [1, 2, 5]}
//         strategy.params.half_spread_ticks: {log_uniform: [0.5, 8]}
//   objective: {metric: pnl, direction: maximize}   # or `objective: sharpe`; metric may be a/b
//   keep_top: 5                   # full run folders for the best k
//
// The points are the product of the blocks present (grid × zip × random). A key is a dotted path
// into the run config (any section but output.dir); values are validated exactly as in a run
// config, and errors name this file's line and column. Every point has a stable id: a hash of its
// resolved run config (sweep_point.hpp), so ids do not depend on the order of the space or on
// which worker runs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tilt {

struct SweepParameter {
  std::string key;  ///< dotted run-config path, e.g. strategy.params.half_spread_ticks
  int line = 0;     ///< where the key is written in the sweep file
  int column = 0;
};

/// One point of the space: a value (as YAML scalar text) for every parameter, in parameter order.
struct SweepPoint {
  std::vector<std::string> values;
};

struct SweepObjective {
  std::string metric;       ///< as written: "pnl", "pnl/max_abs_inventory"
  std::string numerator;    ///< a statistic name (instance_stats.hpp)
  std::string denominator;  ///< empty unless metric is a ratio
  bool maximize = true;
};

struct SweepConfig {
  std::string file;
  std::string base_file;  ///< the run config's file (the sweep file when inline)
  std::string base_yaml;  ///< the base run config as YAML text
  std::vector<SweepParameter> parameters;
  std::vector<SweepPoint> points;  ///< the expanded space, in the order written
  SweepObjective objective;
  int keep_top = 5;
  std::string space_yaml;  ///< the space section as given (for sweep.resolved.yaml)
};

/// Reads, validates and expands a sweep config. Every point's run config is checked too (see
/// resolve_point); errors are ConfigErrors naming file:line:column.
SweepConfig load_sweep_config(const std::string& path);
/// Same, from text; `file` is used in messages and to resolve a relative `base:` path.
SweepConfig parse_sweep_config(const std::string& yaml_text, const std::string& file);

}  // namespace tilt
