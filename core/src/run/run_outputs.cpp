#include "tilt/run/run_outputs.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "tilt/results/atomic_file.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/sim/order_state.hpp"

namespace tilt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// JSON has no NaN: a number that is not finite becomes null.
nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

struct Units {
  double price;  // decimal price per tick
  double qty;    // instrument units per lot
  double money;  // quote currency per tick·lot
  explicit Units(const Instrument& ins)
      : price(ins.tick_double()),
        qty(ins.lot_double()),
        money(ins.tick_double() * ins.lot_double() * ins.contract_multiplier) {}
};

Table equity_table(const Accountant& acc, const Units& u) {
  Table t;
  t.name = "equity";
  t.description = "account state sampled every output.sample_interval of exchange time";
  auto& ts = t.int_column("ts", "ns since epoch (exchange time)");
  auto& position = t.real_column("position", "instrument units");
  auto& mark = t.real_column("mark", "price (exchange mid)");
  auto& equity = t.real_column("equity", "quote currency");
  auto& realized = t.real_column("realized_pnl", "quote currency, after fees");
  auto& unrealized = t.real_column("unrealized_pnl", "quote currency");
  auto& fees = t.real_column("fees", "quote currency, + paid, - rebate");
  for (const EquitySample& s : acc.samples()) {
    ts.push_back(s.ts);
    position.push_back(static_cast<double>(s.position) * u.qty);
    mark.push_back(s.mark * u.price);
    equity.push_back(s.equity * u.money);
    realized.push_back(s.realized * u.money);
    unrealized.push_back(s.unrealized * u.money);
    fees.push_back(s.fees * u.money);
  }
  return t;
}

Table fills_table(const Accountant& acc, const Units& u, const std::vector<Duration>& horizons) {
  Table t;
  t.name = "fills";
  t.description =
      "every execution of our orders at the venue; markouts are mid moves after the fill";
  auto& ts = t.int_column("exch_ts", "ns since epoch (exchange time)");
  auto& id = t.int_column("order_id", "");
  auto& side = t.text_column("side");
  auto& price = t.real_column("price", "price");
  auto& qty = t.real_column("qty", "instrument units");
  auto& liquidity = t.text_column("liquidity");
  auto& fee = t.real_column("fee", "quote currency, + paid, - rebate");
  auto& position = t.real_column("position_after", "instrument units");
  auto& mid = t.real_column("mid", "price (exchange mid in force before the event that filled us)");
  std::vector<std::vector<double>*> markouts;
  for (Duration h : horizons)
    markouts.push_back(
        &t.real_column(markout_column(h), "ticks, signed by side (+ = in our favour)"));
  const auto fills = acc.fills();
  for (std::size_t i = 0; i < fills.size(); ++i) {
    const FillRecord& f = fills[i];
    ts.push_back(f.exch_ts);
    id.push_back(static_cast<std::int64_t>(f.order_id.value));
    side.emplace_back(to_string(f.side));
    price.push_back(static_cast<double>(f.price) * u.price);
    qty.push_back(static_cast<double>(f.qty) * u.qty);
    liquidity.emplace_back(to_string(f.liquidity));
    fee.push_back(f.fee * u.money);
    position.push_back(static_cast<double>(f.position_after) * u.qty);
    mid.push_back(f.mid * u.price);
    for (std::size_t k = 0; k < horizons.size(); ++k) markouts[k]->push_back(acc.markout(i, k));
  }
  return t;
}

Table orders_table(const Instance& inst, const Units& u) {
  Table t;
  t.name = "orders";
  t.description = "every order the strategy sent, in its final known state";
  auto& id = t.int_column("id", "");
  auto& side = t.text_column("side");
  auto& type = t.text_column("type");
  auto& tif = t.text_column("tif");
  auto& price = t.real_column("price", "price (0 for market orders)");
  auto& qty = t.real_column("qty", "instrument units");
  auto& filled = t.real_column("filled", "instrument units");
  auto& leaves = t.real_column("leaves", "instrument units");
  auto& state = t.text_column("state");
  auto& reason = t.text_column("reason");
  auto& submitted = t.int_column("submitted_ts", "ns since epoch (local time)");
  auto& updated = t.int_column("updated_ts", "ns since epoch (local time)");
  for (const Order& o : inst.orders()) {
    id.push_back(static_cast<std::int64_t>(o.id.value));
    side.emplace_back(to_string(o.side));
    type.emplace_back(to_string(o.type));
    tif.emplace_back(to_string(o.tif));
    price.push_back(static_cast<double>(o.price) * u.price);
    qty.push_back(static_cast<double>(o.qty) * u.qty);
    filled.push_back(static_cast<double>(o.filled) * u.qty);
    leaves.push_back(static_cast<double>(o.leaves) * u.qty);
    state.emplace_back(to_string(o.state));
    reason.emplace_back(to_string(o.reason));
    submitted.push_back(o.submitted);
    updated.push_back(o.updated);
  }
  return t;
}

Table updates_table(const RunRecording& rec, const Units& u) {
  Table t;
  t.name = "order_updates";
  t.description = "the orders' life cycle: every venue update as it reached the strategy";
  auto& local = t.int_column("local_ts", "ns since epoch (when the strategy received it)");
  auto& exch = t.int_column("exch_ts", "ns since epoch (when the venue produced it)");
  auto& id = t.int_column("order_id", "");
  auto& kind = t.text_column("kind");
  auto& side = t.text_column("side");
  auto& price = t.real_column("price", "price");
  auto& qty = t.real_column("qty", "instrument units (fills)");
  auto& leaves = t.real_column("leaves", "instrument units");
  auto& liquidity = t.text_column("liquidity");
  auto& reason = t.text_column("reason");
  auto& fee = t.real_column("fee", "quote currency");
  for (const OrderUpdate& x : rec.updates) {
    local.push_back(x.local_ts);
    exch.push_back(x.exch_ts);
    id.push_back(static_cast<std::int64_t>(x.id.value));
    kind.emplace_back(to_string(x.kind));
    side.emplace_back(to_string(x.side));
    price.push_back(static_cast<double>(x.price) * u.price);
    qty.push_back(static_cast<double>(x.qty) * u.qty);
    leaves.push_back(static_cast<double>(x.leaves) * u.qty);
    liquidity.emplace_back(x.kind == UpdateKind::fill ? to_string(x.liquidity) : "");
    reason.emplace_back(to_string(x.reason));
    fee.push_back(x.fee * u.money);
  }
  return t;
}

Table signals_table(const RunRecording& rec, const std::vector<std::string>& names,
                    const Units& u) {
  Table t;
  t.name = "signals";
  t.description =
      "signals on the local book, sampled every output.signal_sample_interval of local time";
  auto& ts = t.int_column("ts", "ns since epoch (local time)");
  auto& mid = t.real_column("mid", "price (local mid)");
  std::vector<std::vector<double>*> columns;
  for (const std::string& n : names)
    columns.push_back(&t.real_column(n, "signal units (NaN while invalid)"));
  for (std::size_t r = 0; r < rec.samples.size(); ++r) {
    ts.push_back(rec.samples[r].ts);
    mid.push_back(rec.samples[r].mid * u.price);
    for (std::size_t c = 0; c < columns.size() && c < rec.signal_count; ++c) {
      columns[c]->push_back(rec.signal_values[r * rec.signal_count + c]);
    }
  }
  for (auto* c : columns) c->resize(ts.size(), kNaN);
  return t;
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
      double sum = 0;
      std::int64_t n = 0;
      for (std::size_t i = 0; i < acc.fills().size(); ++i) {
        const double m = acc.markout(i, k);
        if (std::isfinite(m)) {
          sum += m;
          ++n;
        }
      }
      markouts[markout_column(info.markout_horizons[k])] =
          n > 0 ? number(sum / static_cast<double>(n)) : nlohmann::json(nullptr);
    }
    j["mean_markout_ticks"] = markouts;
  }
  return j;
}

}  // namespace

std::string markout_column(Duration horizon) {
  return "markout_" + signal_params::format_duration(horizon);
}

std::string write_run_outputs(const std::string& dir, const RunInfo& info, const Instance* instance,
                              const RunRecording* recording) {
  std::filesystem::create_directories(dir);
  const Units units(info.instrument);
  ResultsFile results((std::filesystem::path(dir) / "results.h5").string());
  if (instance != nullptr) {
    results.write(equity_table(instance->accountant(), units));
    results.write(fills_table(instance->accountant(), units, info.markout_horizons));
    results.write(orders_table(*instance, units));
  }
  if (recording != nullptr) {
    results.write(updates_table(*recording, units));
    results.write(signals_table(*recording, info.signal_names, units));
  }
  results.set_attribute("status", info.status);
  if (!info.error.empty()) results.set_attribute("error", info.error);
  results.set_attribute("symbol", info.instrument.symbol);
  results.set_attribute("tick_size", info.instrument.tick_size.to_string());
  results.set_attribute("lot_size", info.instrument.lot_size.to_string());
  results.set_attribute("contract_multiplier", info.instrument.contract_multiplier);
  results.set_attribute("strategy", info.strategy);
  results.set_attribute("seed", static_cast<std::int64_t>(info.seed));
  results.close();
  const std::string summary = summary_json(info, instance).dump(2) + "\n";
  write_file_atomically((std::filesystem::path(dir) / "summary.json").string(), summary);
  return summary;
}

}  // namespace tilt
