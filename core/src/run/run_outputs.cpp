#include "tilt/run/run_outputs.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "tilt/results/atomic_file.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/sim/order_state.hpp"

namespace tilt {
namespace {

// JSON has no NaN: a number that is not finite becomes null.
nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json summary_json(const RunInfo& info, const Instance* inst) {
  nlohmann::json j;
  j["status"] = info.status;
  if (!info.error.empty()) j["error"] = info.error;
  j["config"] = info.config_file;
  j["stores"] = info.stores;
  j["strategy"] = info.strategy;
  if (!info.plugin.empty()) j["plugin"] = info.plugin;
  j["seed"] = info.seed;
  j["instrument"] = {{"symbol", info.instrument.symbol},
                     {"tick_size", info.instrument.tick_size.to_string()},
                     {"lot_size", info.instrument.lot_size.to_string()},
                     {"contract_multiplier", info.instrument.contract_multiplier},
                     {"maker_fee", info.instrument.maker_fee},
                     {"taker_fee", info.instrument.taker_fee}};
  j["data"] = {{"events", info.events},
               {"first_exch_ts", info.first_exch_ts},
               {"last_exch_ts", info.last_exch_ts},
               {"span_seconds", static_cast<double>(info.last_exch_ts - info.first_exch_ts) / 1e9}};
  j["wall_seconds"] = info.wall_seconds;
  j["events_per_second"] =
      info.wall_seconds > 0 ? static_cast<double>(info.events) / info.wall_seconds : 0.0;
  j["repairs"] = info.repairs;
  j["feed"] = {{"negative_latency_events", info.feed_negative_latency_events},
               {"worst_negative_latency_ns", info.feed_worst_negative_latency}};
  j["signals"] = info.signal_names;
  if (inst != nullptr) {
    const InstanceSummary s = inst->summary(info.instrument);
    const AccountSummary& a = s.account;
    j["pnl"] = number(a.pnl);
    j["realized_pnl"] = number(a.realized_pnl);
    j["unrealized_pnl"] = number(a.unrealized_pnl);
    j["fees"] = number(a.fees);
    j["sharpe"] = number(a.sharpe);
    j["sharpe_annualized"] = number(a.sharpe_annualized);
    j["sharpe_calendar"] = std::string(to_string(a.calendar));
    j["sharpe_extrapolated"] = a.sharpe_extrapolated;  // the data span less than a trading day
    j["max_drawdown"] = number(a.max_drawdown);
    j["traded_volume"] = number(a.traded_volume);
    j["traded_notional"] = number(a.traded_notional);
    j["turnover"] = number(a.turnover);
    j["maker_share"] = number(a.maker_share);
    j["final_position"] = static_cast<double>(a.final_position) * info.instrument.lot_double();
    j["max_abs_inventory"] =
        static_cast<double>(a.max_abs_inventory) * info.instrument.lot_double();
    j["time_weighted_abs_inventory"] =
        number(a.time_weighted_abs_inventory * info.instrument.lot_double());
    j["fills"] = a.fills;
    j["fill_ratio"] = number(s.fill_ratio);
    j["orders"] = {{"submitted", s.orders.submitted},
                   {"rejected", s.orders.rejected},
                   {"cancel_requests", s.orders.cancel_requests},
                   {"cancelled", s.orders.cancelled},
                   {"modify_requests", s.orders.modify_requests},
                   {"timers", s.orders.timers}};
    // Mean markout per horizon, in ticks: the adverse-selection summary.
    const Accountant& acc = inst->accountant();
    nlohmann::json markouts = nlohmann::json::object();
    for (std::size_t k = 0; k < info.markout_horizons.size(); ++k) {
      const double mean = k < acc.config().markout_horizons.size()
                              ? acc.mean_markout(k)
                              : std::numeric_limits<double>::quiet_NaN();
      markouts[markout_column(info.markout_horizons[k])] = number(mean);
    }
    j["mean_markout_ticks"] = markouts;

    // What the strategy itself reported: ctx.set_metric scalars and its run.log volume.
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : inst->services().metrics()) metrics[name] = number(value);
    j["metrics"] = metrics;
    j["strategy_log"] = {{"lines", inst->services().log_lines().size()},
                         {"dropped", inst->services().dropped_log_lines()}};
  }
  return j;
}

}  // namespace

std::string markout_column(Duration horizon) {
  return "markout_" + signal_params::format_duration(horizon);
}

std::string write_run_outputs(const std::string& dir, const RunInfo& info, const Instance* instance,
                              ResultsRecorder* recorder) {
  std::optional<ResultsRecorder> fallback;
  if (recorder == nullptr) {
    OutputSelection none = info.output;
    none.tables.fill(false);
    recorder =
        &fallback.emplace(dir, none, info.instrument, info.signal_names, info.markout_horizons);
  }
  recorder->finish(instance);
  ResultsFile& results = recorder->file();
  results.set_attribute("status", info.status);
  if (!info.error.empty()) results.set_attribute("error", info.error);
  results.set_attribute("symbol", info.instrument.symbol);
  results.set_attribute("tick_size", info.instrument.tick_size.to_string());
  results.set_attribute("lot_size", info.instrument.lot_size.to_string());
  results.set_attribute("contract_multiplier", info.instrument.contract_multiplier);
  results.set_attribute("strategy", info.strategy);
  results.set_attribute("seed", static_cast<std::int64_t>(info.seed));
  results.close();
  std::string summary = summary_json(info, instance).dump(2) + "\n";
  // Whole or absent after a crash of this process; no fsync (atomic_file.hpp).
  write_file_atomically((std::filesystem::path(dir) / "summary.json").string(), summary,
                        Durability::process_crash);
  return summary;
}

}  // namespace tilt
