// tilt sweep: every point of a sweep config run on a thread pool (or MPI ranks, sweep_mpi.hpp),
// into one output folder:
//   sweep.resolved.yaml  the points and base config (a rerun on the folder must match it)
//   journal.jsonl        one row per finished run, made durable as it finishes (resume)
//   results.csv, results.h5 (table "runs")   one row per run, sorted by id: id, status, every swept
//                        parameter as its own column, the statistics of instance_stats.hpp
//   top/<rank>_<id>/     full run folders of the keep_top best runs by the objective: recorded
//                        during a small sweep (SweepOptions::record_up_to), else run again at
//                        the end; in both cases each group's replay is shared and the folders
//                        are written in parallel
//   sweep.html           the objective against each parameter, and a heatmap over any two
// The table is the same byte for byte however the sweep ran (1 or N threads, N ranks, resumed).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tilt/config/run_config.hpp"
#include "tilt/run/strategy_runners.hpp"
#include "tilt/sweep/sweep_config.hpp"
#include "tilt/sweep/sweep_plan.hpp"

namespace tilt {

struct SweepProgress {
  std::int64_t done = 0;   ///< runs finished, including those found in the journal
  std::int64_t total = 0;  ///< runs in the sweep
  std::int64_t resumed = 0;
  double elapsed_seconds = 0.0;
};

struct SweepOptions {
  std::string output_dir;
  std::size_t workers = 0;      ///< 0: every hardware thread
  std::size_t max_group = 128;  ///< instances per Simulator at most
  /// A sweep with at most this many runs left records every run's folder as it goes (one
  /// ResultsRecorder, about 2 MiB, per run of a unit) and keeps those that can still be among the
  /// keep_top best (in .top-staging/ until the end); a larger one runs its best again at the
  /// end, where recording every run would cost more than one more replay.
  std::size_t record_up_to = 64;
  /// Called after every work unit (serialised; never concurrently).
  std::function<void(const SweepProgress&)> progress;
  /// Called once per distinct replay before any run (e.g. to generate synthetic data).
  std::function<void(const RunConfig&)> prepare_data;
};

struct SweepOutcome {
  bool root = true;               ///< false on MPI ranks other than 0 (they write nothing)
  std::vector<SweepRow> rows;     ///< every run, sorted by id
  std::vector<std::size_t> best;  ///< indices into rows, best first (ok rows with an objective)
  std::vector<std::string> parameters;
  std::vector<std::string> top_dirs;  ///< run folders of the keep_top best
  std::int64_t top_rerun = 0;         ///< of them, run again at the end (not recorded as it ran)
  std::int64_t ran = 0;               ///< runs done by this invocation
  std::int64_t resumed = 0;           ///< runs found finished in the journal
  std::int64_t instance_events = 0;   ///< events × instances replayed by this invocation
  double wall_seconds = 0.0;
  std::size_t workers = 0;
};

SweepOutcome run_sweep(const SweepConfig& sweep, const SweepOptions& options,
                       const StrategyRunners& runners);

/// The objective of a row; NaN when it has none (failed, or a zero denominator).
double objective_value(const SweepObjective& objective, const SweepRow& row);

namespace sweep_detail {

/// Checks or writes sweep.resolved.yaml and opens the journal; throws when the folder holds
/// another sweep.
std::set<std::string> prepare_folder(const SweepConfig& sweep, const SweepPlan& plan,
                                     const std::string& dir, std::vector<SweepRow>& rows);
/// Tables, top-k run folders and sweep.html from all rows.
void finish_sweep(const SweepConfig& sweep, const SweepPlan& plan, const std::string& dir,
                  const StrategyRunners& runners, SweepOutcome& outcome);
void prepare_replays(const SweepPlan& plan, const SweepOptions& options);

}  // namespace sweep_detail

}  // namespace tilt
