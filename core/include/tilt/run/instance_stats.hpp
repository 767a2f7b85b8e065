// The summary statistics of one strategy instance as named numbers, in a fixed order: a sweep's
// table row. Names and units match summary.json's top-level fields (money in quote currency, sizes
// in instrument units, markouts in ticks); nothing here depends on wall-clock time, so the same run
// gives the same numbers bit for bit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tilt/run/run_outputs.hpp"
#include "tilt/sim/instance.hpp"

namespace tilt {

using InstanceStats = std::vector<std::pair<std::string, double>>;

/// pnl, realized_pnl, unrealized_pnl, fees, sharpe, sharpe_annualized, max_drawdown,
/// traded_volume, traded_notional, turnover, maker_share, final_position, max_abs_inventory,
/// time_weighted_abs_inventory, fills, fill_ratio, orders_submitted, orders_cancelled, events,
/// then mean_markout_<h> for each of info.markout_horizons (NaN when no fill reached it).
InstanceStats instance_stats(const Instance& instance, const RunInfo& info);

/// The names instance_stats() gives for these markout horizons, in its order.
std::vector<std::string> instance_stat_names(const std::vector<Duration>& markout_horizons);

}  // namespace tilt
