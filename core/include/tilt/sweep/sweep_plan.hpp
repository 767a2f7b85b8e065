// A sweep as work: its points resolved and deduplicated, grouped by replay and cut into work units
// that a thread or an MPI rank runs as one Simulator (group_run.hpp). Rows are what a finished run
// leaves: its id, swept values and statistics, serialised as one JSON line for the journal and for
// messages between ranks.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tilt/run/instance_stats.hpp"
#include "tilt/run/strategy_runners.hpp"
#include "tilt/sweep/sweep_config.hpp"
#include "tilt/sweep/sweep_point.hpp"

namespace tilt {

struct SweepRow {
  std::string id;
  std::string status = "ok";  ///< "ok" or "failed"
  std::string error;
  std::vector<std::string> values;  ///< swept values, in SweepConfig::parameters order
  InstanceStats stats;              ///< empty when the run failed before it started
};

/// Indices into SweepPlan::points that share one replay.
struct WorkUnit {
  std::vector<std::size_t> points;
};

struct SweepPlan {
  std::vector<ResolvedPoint> points;  ///< unique by id, in the order of the space
  std::string resolved_yaml;          ///< sweep.resolved.yaml: what a resumed sweep must match
};

/// Resolves every point (ConfigError at the sweep file's position for a bad value).
SweepPlan make_sweep_plan(const SweepConfig& sweep, const StrategyRunners& runners);

/// The points not in `finished`, grouped by replay (groups in key order, points in plan order) and
/// cut into units of at most max(1, min(max_group, ceil(pending / workers))) points, so that every
/// worker gets work and memory stays at workers × one unit.
std::vector<WorkUnit> split_work(const SweepPlan& plan, const std::set<std::string>& finished,
                                 std::size_t workers, std::size_t max_group);

/// Run folders recorded while a unit runs: every point is recorded towards `<dir>/<id>`, and once
/// the unit's rows are known `keep` (rows in unit order) says which folders are written; the
/// others' recordings are dropped.
struct UnitFolders {
  std::string dir;
  std::function<std::vector<bool>(const std::vector<SweepRow>&)> keep;
};

/// Runs one unit as one Simulator; one row per point, in unit order. Instance-events (events ×
/// instances) are added to `instance_events` when given; `folders`, when given, records the
/// points' run folders as well.
std::vector<SweepRow> run_work_unit(const SweepPlan& plan, const WorkUnit& unit,
                                    const StrategyRunners& runners,
                                    std::int64_t* instance_events = nullptr,
                                    const UnitFolders* folders = nullptr);

std::string row_to_json(const SweepRow& row);
/// Throws tilt::Error for a line that is not a row.
SweepRow row_from_json(const std::string& line);

}  // namespace tilt
