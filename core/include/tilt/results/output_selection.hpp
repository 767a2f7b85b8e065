// Which results a run writes (run config `output.tables` and `output.report`). summary.json is
// always written.
//
// Default: every table and the report. Streamed, the tables cost a bounded amount of memory and,
// measured on the heavy-order config (bench/README.md), a small share of the run's time; a user
// who sends millions of orders and needs only P&L can drop `orders` and `order_updates`.
#pragma once

#include <array>
#include <string_view>

namespace tilt {

enum class ResultsTable : unsigned char { equity, fills, orders, order_updates, signals };

inline constexpr std::array<std::string_view, 5> kResultsTableNames = {"equity", "fills", "orders",
                                                                       "order_updates", "signals"};

struct OutputSelection {
  std::array<bool, kResultsTableNames.size()> tables{true, true, true, true, true};
  bool report = true;  ///< report.html (drawn from results.h5's equity, fills and signals)

  bool keeps(ResultsTable t) const { return tables[static_cast<std::size_t>(t)]; }
};

}  // namespace tilt
