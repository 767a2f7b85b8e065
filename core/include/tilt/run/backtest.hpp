// run_backtest: one strategy over the run config's data, from store to run folder.
//
//   store(s) ─► Simulator<Recorded<S>> (books, signals, matching, accountant) ─► run_outputs
//
// Errors inside the run (bad data, an invalid order transition, an exception from a plugin) do not
// escape: the run stops, writes whatever it has with status "failed" and the error text in
// summary.json and results.h5, and reports ok = false. Errors before the run starts (a missing
// store) are reported the same way so that a sweep always gets a row.
#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tilt/config/run_config.hpp"
#include "tilt/run/recording.hpp"
#include "tilt/run/run_outputs.hpp"
#include "tilt/run/run_setup.hpp"
#include "tilt/sim/simulator.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {

struct RunProgress {
  std::int64_t events_done = 0;
  std::int64_t events_total = 0;  ///< in the stores (before the time filter)
  double elapsed_seconds = 0.0;
};

struct RunOptions {
  std::string output_dir;
  std::string strategy_label;  ///< name shown in outputs
  std::string plugin;          ///< library path, empty for built-ins
  /// Called every ~0.2 s of wall time from the run's thread (never per event).
  std::function<void(const RunProgress&)> progress;
  /// Called once the strategy has been built and validated, before any store is opened (e.g. to
  /// generate synthetic data only for a config that is known to be good).
  std::function<void()> prepare_data;
};

struct RunReport {
  bool ok = true;
  std::string error;
  std::string output_dir;
  std::string summary_json;
  std::int64_t events = 0;
  double wall_seconds = 0.0;
  std::string strategy_log;  ///< the strategy's ctx.log lines, for run.log
};

namespace run_detail {

/// The stores of a run as one stream of batches, cut to [start, end) by exchange time.
class BatchSource {
 public:
  BatchSource(const RunConfig& config, std::vector<std::unique_ptr<StoreReader>>& readers)
      : config_(config), readers_(readers) {}

  std::span<const Event> next() {
    while (current_ < readers_.size()) {
      std::span<const Event> batch = readers_[current_]->next_batch();
      if (batch.empty()) {
        ++current_;
        continue;
      }
      read_ += static_cast<std::int64_t>(batch.size());
      const auto by_time = [](const Event& e, Timestamp t) { return e.exch_ts < t; };
      const Event* first =
          std::lower_bound(batch.data(), batch.data() + batch.size(), config_.start, by_time);
      const Event* last =
          std::lower_bound(first, batch.data() + batch.size(), config_.end, by_time);
      if (first == last) {
        if (last != batch.data() + batch.size()) return {};  // past the end of the range: stop
        continue;
      }
      if (first_ts_ == 0) first_ts_ = first->exch_ts;
      last_ts_ = (last - 1)->exch_ts;
      return {first, static_cast<std::size_t>(last - first)};
    }
    return {};
  }
  std::int64_t read() const { return read_; }
  Timestamp first_ts() const { return first_ts_; }
  Timestamp last_ts() const { return last_ts_; }

 private:
  const RunConfig& config_;
  std::vector<std::unique_ptr<StoreReader>>& readers_;
  std::size_t current_ = 0;
  std::int64_t read_ = 0;
  Timestamp first_ts_ = 0;
  Timestamp last_ts_ = 0;
};

/// Opens every store and checks they hold the same instrument.
std::vector<std::unique_ptr<StoreReader>> open_stores(const RunConfig& config);

}  // namespace run_detail

template <SimStrategy S>
RunReport run_backtest(S strategy, const RunConfig& config, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  RunInfo info;
  info.config_file = config.file;
  info.stores = config.stores;
  info.strategy = options.strategy_label.empty() ? config.strategy_name : options.strategy_label;
  info.plugin = options.plugin;
  info.seed = config.seed;
  info.markout_horizons = config.markout_horizons;
  info.output = config.output;
  for (const SignalSpec& s : config.signals)
    info.signal_names.push_back(s.name.empty() ? canonical_name(s) : s.name);

  std::optional<ResultsRecorder> recorder;  // declared before sim: outlives it
  std::optional<Simulator<Recorded<S>>> sim;
  try {
    auto readers = run_detail::open_stores(config);
    info.instrument = run_instrument(config, readers.front()->metadata().instrument);
    std::int64_t total = 0;
    for (const auto& r : readers) {
      total += r->metadata().event_count;
      for (const auto& [name, value] : r->metadata().counters) {
        if (name.rfind("repairs.", 0) == 0) info.repairs["store." + name.substr(8)] += value;
      }
    }
    sim.emplace(make_sim_config(config));
    for (const SignalSpec& spec : config.signals) sim->signals().add(spec);
    recorder.emplace(options.output_dir, info.output, info.instrument, info.signal_names,
                     info.markout_horizons);
    InstanceConfig instance_config = make_instance_config(config, info.instrument);
    instance_config.history = &*recorder;  // finished orders and fills are streamed, not kept
    sim->add_instance(Recorded<S>(std::move(strategy), config.signal_sample_interval, *recorder),
                      std::move(instance_config));
    run_detail::BatchSource source(config, readers);
    auto last_report = Clock::now();
    try {
      sim->run_batches([&]() {
        std::span<const Event> batch = source.next();
        if (options.progress && Clock::now() - last_report > std::chrono::milliseconds(200)) {
          last_report = Clock::now();
          options.progress(
              {source.read(), total, std::chrono::duration<double>(last_report - started).count()});
        }
        return batch;
      });
    } catch (...) {
      info.events = sim->events();
      info.first_exch_ts = source.first_ts();
      info.last_exch_ts = source.last_ts();
      throw;
    }
    info.events = sim->events();
    info.first_exch_ts = source.first_ts();
    info.last_exch_ts = source.last_ts();
    if (options.progress)
      options.progress(
          {total, total, std::chrono::duration<double>(Clock::now() - started).count()});
  } catch (const Error& e) {
    info.status = "failed";
    info.error = e.what();
  }
  if (sim) {
    // Book repairs and the feed clock so far, also when the run failed part way.
    const CrossRepairs& ex = sim->exchange_book().repairs();
    if (ex.events > 0) info.repairs["book.crossed_events"] = ex.events;
    if (ex.levels_removed > 0) info.repairs["book.crossed_levels_removed"] = ex.levels_removed;
    info.feed_negative_latency_events = sim->feed_clock().negative_latency_events;
    info.feed_worst_negative_latency = sim->feed_clock().worst_negative_latency;
  }
  info.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();

  RunReport report;
  report.output_dir = options.output_dir;
  report.ok = info.status == "ok";
  report.error = info.error;
  report.events = info.events;
  report.wall_seconds = info.wall_seconds;
  const bool have_instance = sim && sim->instance_count() > 0;
  if (have_instance) report.strategy_log = sim->instance(0).services().log_text();
  report.summary_json =
      write_run_outputs(options.output_dir, info, have_instance ? &sim->instance(0) : nullptr,
                        recorder ? &*recorder : nullptr);
  return report;
}

}  // namespace tilt
