// The run folder: config.resolved.yaml, summary.json and results.h5, each written atomically.
//
// results.h5 tables (one compound dataset each, streamed by ResultsRecorder; units in
// `unit.<column>` attributes; the instrument and run status as file attributes), as selected by
// output.tables:
//   equity         ts, position, mark, equity, realized_pnl, unrealized_pnl, fees
//                  (every sample_interval)
//   fills          exch_ts, order_id, side, price, qty, liquidity, fee, position_after, mid,
//                  markout_<h> for each horizon (ticks, signed by side; NaN when not reached)
//   orders         id, side, type, tif, price, qty, filled, leaves, state, reason, submitted_ts,
//                  updated_ts
//   order_updates  local_ts, exch_ts, order_id, kind, side, price, qty, leaves, liquidity, reason,
//                  fee
//   signals        ts, mid, one column per signal (NaN while invalid)
// Prices are decimal prices (ticks × tick size), quantities instrument units (lots × lot size),
// money quote currency; ticks appear only where a column says so.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tilt/book/book_error.hpp"
#include "tilt/instrument.hpp"
#include "tilt/results/output_selection.hpp"
#include "tilt/run/results_recorder.hpp"
#include "tilt/sim/instance.hpp"

namespace tilt {

struct RunInfo {
  std::string config_file;
  std::vector<std::string> stores;
  std::string strategy;
  std::string plugin;
  std::uint64_t seed = 0;
  std::string status = "ok";  ///< "ok" or "failed"
  std::string error;
  Instrument instrument;
  std::int64_t events = 0;
  Timestamp first_exch_ts = 0;
  Timestamp last_exch_ts = 0;
  double wall_seconds = 0.0;
  std::map<std::string, std::int64_t>
      repairs;  ///< store repairs (from conversion) and book repairs
  /// Feed clock (sim/simulator.hpp): events whose local time came before their exchange time
  /// (after feed.clock_offset), and the most negative feed latency among them (0 when none).
  std::int64_t feed_negative_latency_events = 0;
  Duration feed_worst_negative_latency = 0;
  std::vector<std::string> signal_names;
  std::vector<Duration> markout_horizons;
  OutputSelection output;
};

/// Completes results.h5 through `recorder` (the run's; null when the run failed before it
/// existed: then results.h5 holds no tables, only the attributes) and writes summary.json into
/// `dir`. `instance` may be null likewise. Returns summary.json's text.
std::string write_run_outputs(const std::string& dir, const RunInfo& info, const Instance* instance,
                              ResultsRecorder* recorder);

/// Column name for a markout horizon: markout_100ms, markout_1s ...
std::string markout_column(Duration horizon);

}  // namespace tilt
