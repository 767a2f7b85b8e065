#include "tilt/run/instance_stats.hpp"

#include <cmath>
#include <limits>

namespace tilt {

InstanceStats instance_stats(const Instance& instance, const RunInfo& info) {
  const InstanceSummary s = instance.summary(info.instrument);
  const AccountSummary& a = s.account;
  const double lot = info.instrument.lot_double();
  InstanceStats out = {
      {"pnl", a.pnl},
      {"realized_pnl", a.realized_pnl},
      {"unrealized_pnl", a.unrealized_pnl},
      {"fees", a.fees},
      {"sharpe", a.sharpe},
      {"sharpe_annualized", a.sharpe_annualized},
      {"max_drawdown", a.max_drawdown},
      {"traded_volume", a.traded_volume},
      {"traded_notional", a.traded_notional},
      {"turnover", a.turnover},
      {"maker_share", a.maker_share},
      {"final_position", static_cast<double>(a.final_position) * lot},
      {"max_abs_inventory", static_cast<double>(a.max_abs_inventory) * lot},
      {"time_weighted_abs_inventory", a.time_weighted_abs_inventory * lot},
      {"fills", static_cast<double>(a.fills)},
      {"fill_ratio", s.fill_ratio},
      {"orders_submitted", static_cast<double>(s.orders.submitted)},
      {"orders_cancelled", static_cast<double>(s.orders.cancelled)},
      {"events", static_cast<double>(info.events)},
  };
  const Accountant& acc = instance.accountant();
  for (std::size_t k = 0; k < info.markout_horizons.size(); ++k) {
    out.emplace_back("mean_" + markout_column(info.markout_horizons[k]),
                     k < acc.config().markout_horizons.size()
                         ? acc.mean_markout(k)
                         : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

std::vector<std::string> instance_stat_names(const std::vector<Duration>& markout_horizons) {
  std::vector<std::string> names = {"pnl",
                                    "realized_pnl",
                                    "unrealized_pnl",
                                    "fees",
                                    "sharpe",
                                    "sharpe_annualized",
                                    "max_drawdown",
                                    "traded_volume",
                                    "traded_notional",
                                    "turnover",
                                    "maker_share",
                                    "final_position",
                                    "max_abs_inventory",
                                    "time_weighted_abs_inventory",
                                    "fills",
                                    "fill_ratio",
                                    "orders_submitted",
                                    "orders_cancelled",
                                    "events"};
  for (Duration h : markout_horizons) names.push_back("mean_" + markout_column(h));
  return names;
}

}  // namespace tilt
