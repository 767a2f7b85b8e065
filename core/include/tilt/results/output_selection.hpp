// Which results a run writes (run config `output.tables` and `output.report`). summary.json is
// always written.
//
// Default: every table but order_updates, and the report. order_updates holds two or more rows per
// order (every ack, modify, fill and cancel as the strategy saw it); it is the largest table by
// far and, for a fast-requoting market maker, writing it costs about a third of the run's CPU time
// (bench/README.md), while `orders` (final state) and `fills` answer most questions. It is there
// for debugging an order's life cycle: `output.tables: [..., order_updates]`.
#pragma once

#include <array>
#include <string_view>

namespace tilt {

enum class ResultsTable : unsigned char { equity, fills, orders, order_updates, signals };

inline constexpr std::array<std::string_view, 5> kResultsTableNames = {"equity", "fills", "orders",
                                                                       "order_updates", "signals"};

struct OutputSelection {
  std::array<bool, kResultsTableNames.size()> tables{true, true, true, false, true};
  bool report = true;  ///< report.html (drawn from results.h5's equity, fills and signals)

  bool keeps(ResultsTable t) const { return tables[static_cast<std::size_t>(t)]; }
};

}  // namespace tilt
