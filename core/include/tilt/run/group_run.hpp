// run_group: several run configs that share one replay (data, time range, feed latency, signals,
// strategy type) as instances of one Simulator. Decoding, both books and the signals are paid once;
// each instance keeps its own venue orders, latency, fees, accountant and outputs. An instance's
// results are bit-identical to a run of its config alone: instances never see each other (the
// shared books change only with market data), and ties between one instance's own events break as
// in a single run (event_queue.hpp).
//
// Which configs may share: replay_group_key() (sweep/) decides; run_group uses the first member's
// data, feed latency and signals for all.
//
// Members with an output_dir are recorded (Recorded<S>) as a run of their own would be; a
// GroupOutputFilter, when given, sees every member's result once the replay is over and chooses
// which of them get their run folder written (a sweep keeps only runs that can still be among its
// best); the others' recordings are dropped (their results.h5 never leaves its temporary name).
#pragma once

#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tilt/config/run_config.hpp"
#include "tilt/run/backtest.hpp"
#include "tilt/run/instance_stats.hpp"
#include "tilt/run/recording.hpp"
#include "tilt/run/run_outputs.hpp"
#include "tilt/run/run_setup.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {

struct GroupMember {
  RunConfig config;
  std::string output_dir;  ///< empty: statistics only, no run folder
};

struct InstanceResult {
  bool ok = true;
  std::string error;
  InstanceStats stats;  ///< empty when the run failed before the instance existed
};

struct GroupRunResult {
  std::vector<InstanceResult> instances;  ///< one per member, in member order
  std::int64_t events = 0;                ///< market-data events replayed (once for the group)
  double wall_seconds = 0.0;
};

/// Given every member's result (member order), true for the members whose run folder is written.
/// Empty: every member with an output_dir.
using GroupOutputFilter = std::function<std::vector<bool>(const std::vector<InstanceResult>&)>;

/// An instance of a group: recorded (Recorded<S>, for a run folder) or the bare strategy (a
/// sweep row needs only the accountant), so that a large group keeps no order-update history it
/// never writes. One well-predicted branch per callback.
template <SimStrategy S>
class GroupInstance {
 public:
  /// `recorder` (null: not recorded) outlives the run.
  GroupInstance(S strategy, Duration signal_interval, ResultsRecorder* recorder) {
    if (recorder != nullptr)
      recorded_.emplace(std::move(strategy), signal_interval, *recorder);
    else
      bare_.emplace(std::move(strategy));
  }
  void on_start(StrategyContext& ctx) {
    with([&](auto& s) { s.on_start(ctx); });
  }
  void on_book(StrategyContext& ctx, const Event& e) {
    with([&](auto& s) { s.on_book(ctx, e); });
  }
  void on_trade(StrategyContext& ctx, const Event& e) {
    with([&](auto& s) { s.on_trade(ctx, e); });
  }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    with([&](auto& s) { s.on_order_update(ctx, u); });
  }
  void on_timer(StrategyContext& ctx, TimerId id) {
    with([&](auto& s) { s.on_timer(ctx, id); });
  }
  void on_finish(StrategyContext& ctx) {
    with([&](auto& s) { s.on_finish(ctx); });
  }

 private:
  template <typename Fn>
  void with(Fn&& fn) {
    if (recorded_) [[unlikely]]
      fn(*recorded_);
    else
      fn(*bare_);
  }
  std::optional<Recorded<S>> recorded_;
  std::optional<S> bare_;
};

template <SimStrategy S, typename Make>
GroupRunResult run_group(const std::vector<GroupMember>& members, Make make_strategy,
                         const GroupOutputFilter& filter = {}) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  GroupRunResult result;
  result.instances.resize(members.size());
  if (members.empty()) return result;
  const RunConfig& shared = members.front().config;

  std::vector<RunInfo> infos(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const RunConfig& c = members[i].config;
    RunInfo& info = infos[i];
    info.config_file = c.file;
    info.stores = c.stores;
    info.strategy = c.strategy_name;
    info.plugin = c.strategy_plugin;
    info.seed = c.seed;
    info.markout_horizons = c.markout_horizons;
    info.output = c.output;
    for (const SignalSpec& s : c.signals)
      info.signal_names.push_back(s.name.empty() ? canonical_name(s) : s.name);
  }

  // Declared before sim: each outlives the instance that records into it.
  std::vector<std::unique_ptr<ResultsRecorder>> recorders(members.size());
  DiscardHistory discard;  // for the points without outputs
  std::optional<Simulator<GroupInstance<S>>> sim;
  std::string error;
  try {
    auto readers = run_detail::open_stores(shared);
    const Instrument& stored = readers.front()->metadata().instrument;
    sim.emplace(make_sim_config(shared));
    for (const SignalSpec& spec : shared.signals) sim->signals().add(spec);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const RunConfig& c = members[i].config;
      infos[i].instrument = run_instrument(c, stored);
      if (!members[i].output_dir.empty()) {
        recorders[i] = std::make_unique<ResultsRecorder>(members[i].output_dir, infos[i].output,
                                                         infos[i].instrument, infos[i].signal_names,
                                                         infos[i].markout_horizons);
      }
      InstanceConfig instance_config = make_instance_config(c, infos[i].instrument);
      // Finished orders and fills go to the point's results.h5, or nowhere: not kept.
      instance_config.history = recorders[i] ? static_cast<RunHistory*>(recorders[i].get())
                                             : static_cast<RunHistory*>(&discard);
      sim->add_instance(
          GroupInstance<S>(make_strategy(c), c.signal_sample_interval, recorders[i].get()),
          std::move(instance_config));
    }
    run_detail::BatchSource source(shared, readers);
    try {
      sim->run_batches([&source] { return source.next(); });
    } catch (...) {
      for (RunInfo& info : infos) {
        info.first_exch_ts = source.first_ts();
        info.last_exch_ts = source.last_ts();
      }
      throw;
    }
    for (RunInfo& info : infos) {
      info.first_exch_ts = source.first_ts();
      info.last_exch_ts = source.last_ts();
      const CrossRepairs& ex = sim->exchange_book().repairs();
      if (ex.events > 0) info.repairs["book.crossed_events"] = ex.events;
      if (ex.levels_removed > 0) info.repairs["book.crossed_levels_removed"] = ex.levels_removed;
    }
  } catch (const Error& e) {
    error = e.what();
  }
  result.events = sim ? sim->events() : 0;
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();

  const bool have_instances = sim && sim->instance_count() == members.size();
  for (std::size_t i = 0; i < members.size(); ++i) {
    InstanceResult& r = result.instances[i];
    RunInfo& info = infos[i];
    info.events = result.events;
    info.wall_seconds = result.wall_seconds;
    if (!error.empty()) {
      info.status = "failed";
      info.error = error;
      r.ok = false;
      r.error = error;
    }
    if (have_instances) r.stats = instance_stats(sim->instance(i), info);
  }
  const std::vector<bool> write =
      filter ? filter(result.instances) : std::vector<bool>(members.size(), true);
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].output_dir.empty()) continue;
    if (i < write.size() && write[i]) {
      write_run_outputs(members[i].output_dir, infos[i],
                        have_instances ? &sim->instance(i) : nullptr, recorders[i].get());
    }
    recorders[i].reset();  // a dropped recording removes its temporary file
  }
  return result;
}

}  // namespace tilt
