// A backtest run described in YAML. `load_run_config` validates everything it reads: unknown keys,
// wrong types, out-of-range values and missing required keys are ConfigErrors that name the file,
// line and column and what was expected, e.g.
//   configs/x.yaml:12:5: latency.entry: expected a duration like '250us', got 'fast'
//
//   data:        store: FILE.h5 (or stores: [A.h5, B.h5]); start/end: optional ns timestamps or
//                ISO-8601 UTC times; synthetic: {events, seed, levels, imbalance_strength} to have
//                `tilt run` generate the store first when it is missing or was made differently
//   instrument:  maker_fee, taker_fee (fractions of notional, negative = rebate), fee_basis
//                (notional | lot; with lot the fees are per lot in quote currency), calendar
//                (crypto_24_7 | us_equities: the trading calendar of the annualized Sharpe;
//                default: the store's, see instrument.hpp)
//   latency:     model (constant | recorded), entry, response (durations), file (recorded model),
//                feed (data: local_ts from the store; or a constant duration that replaces it)
//   matching:    queue_model (risk_averse | power | log), queue_power, partial_fills,
//                remember_consumed_liquidity
//   book:        crossed (repair | error): what a message that leaves a book crossed or locked
//                does (book/book_error.hpp); repair by default, counted in summary.json
//   feed:        clock_offset (a duration, may be negative or 0: added to every local_ts),
//                latency (data, or a constant duration >= 0 that replaces the data's; same as
//                latency.feed, give one of them) -- sim/simulator.hpp, "Feed clock"
//   venue:       fill_on_sub_tick_trades (false): whether trades printed between ticks may fill
//                our resting orders they passed strictly through (sim/simulator.hpp)
//   signals:     list of {type, name?, ...parameters}; see tilt/signals/signal_registry.hpp
//   strategy:    name, plugin (path to a shared library, optional), params (validated by it)
//   output:      dir, sample_interval, markout_horizons (list of durations),
//                signal_sample_interval, tables (results.h5 tables to write), report (true/false)
//   seed:        integer; recorded with the results
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tilt/config/params.hpp"
#include "tilt/instrument.hpp"
#include "tilt/results/output_selection.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct RunConfig {
  std::string file;  ///< the YAML it came from

  // data
  std::vector<std::string> stores;
  Timestamp start = std::numeric_limits<Timestamp>::min();
  Timestamp end = std::numeric_limits<Timestamp>::max();
  std::map<std::string, std::string> synthetic;  ///< empty: the store must exist

  // instrument (overrides of the store's metadata)
  std::optional<double> maker_fee;
  std::optional<double> taker_fee;
  std::string fee_basis = "notional";
  std::optional<TradingCalendar> calendar;  ///< nullopt: the store's

  // latency
  std::string latency_model = "constant";
  Duration entry_latency = 250 * kMicrosecond;
  Duration response_latency = 250 * kMicrosecond;
  std::string latency_file;
  std::optional<Duration> feed_latency;  ///< nullopt: use the store's local_ts

  // book, feed, venue: how a recording is replayed
  std::string book_crossed = "repair";  ///< "repair" or "error"
  Duration feed_clock_offset = 0;       ///< added to every local_ts
  bool fill_on_sub_tick_trades = false;

  // matching
  std::string queue_model = "risk_averse";
  double queue_power = 2.0;
  bool partial_fills = true;
  bool remember_consumed_liquidity = false;

  std::vector<SignalSpec> signals;

  // strategy
  std::string strategy_name;
  int strategy_name_line = 0;  ///< where strategy.name was written, for "unknown strategy" errors
  int strategy_name_column = 0;
  std::string strategy_plugin;
  Params strategy_params;

  // output
  std::string output_dir;
  Duration sample_interval = kSecond;
  Duration signal_sample_interval = 100 * kMillisecond;
  std::vector<Duration> markout_horizons = {100 * kMillisecond, kSecond, 10 * kSecond};
  OutputSelection output;  ///< output.tables, output.report

  std::uint64_t seed = 1;
};

/// Reads and validates a run config. Relative file paths in it (data.store / data.stores,
/// strategy.plugin, latency.file) are resolved against the config file's directory, so a config
/// works from any working directory; output.dir and paths given on the command line stay relative
/// to the current directory.
RunConfig load_run_config(const std::string& path);
/// Rewrites the relative file paths of `config` (see load_run_config) as `config_dir`/path.
void resolve_config_paths(RunConfig& config, const std::string& config_dir);
/// Same, from text (tests); `file` is used in messages.
RunConfig parse_run_config(const std::string& yaml_text, const std::string& file);

/// The config with every default filled in, as YAML (written to the run folder). Strategy
/// parameters appear as the strategy resolved them (call after the strategy read its params).
std::string resolved_yaml(const RunConfig& config,
                          const std::map<std::string, std::string>& strategy_params);

/// "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.5Z", "2023-11-14" or integer nanoseconds.
std::optional<Timestamp> parse_time(std::string_view text);

}  // namespace tilt
