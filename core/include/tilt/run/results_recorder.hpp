// ResultsRecorder: a run's results.h5, streamed while the run goes.
//
// Strategy-side rows (order updates as they reach the strategy, signal samples) are appended as
// they happen: updates are kept raw in a fixed batch and converted to table rows when it fills, so
// the per-update cost on the hot path is one copy. The recorder is also the instance's RunHistory
// (sim/history.hpp): a fill's row is appended once its markouts are made, an order's once it can
// change no more. The orders table stays in id order: when order n finishes, the live orders with
// ids below n get their row now as they stand and have it rewritten when they finish (mostly while
// the row is still in the table's buffered chunk). At the end come the fills still waiting for a
// horizon, the orders still live and the equity series. Each table holds one chunk of rows in
// memory (TableWriter), whatever the run's length or order count.
//
// Units in the tables: prices are decimal prices (ticks × tick size), quantities instrument units
// (lots × lot size), money quote currency; ticks appear only where a column's unit says so.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tilt/instrument.hpp"
#include "tilt/results/output_selection.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/signals/signal_value.hpp"
#include "tilt/sim/history.hpp"
#include "tilt/sim/order.hpp"

namespace tilt {

class Instance;

class ResultsRecorder final : public RunHistory {
 public:
  /// Order updates converted per batch (the raw batch is ~0.4 MiB).
  static constexpr std::size_t kUpdateBatch = 8192;

  /// Opens `<dir>/results.h5` under its temporary name with the selected tables.
  ResultsRecorder(const std::string& dir, const OutputSelection& selection,
                  const Instrument& instrument, const std::vector<std::string>& signal_names,
                  const std::vector<Duration>& markout_horizons);
  ~ResultsRecorder() override;
  ResultsRecorder(const ResultsRecorder&) = delete;
  ResultsRecorder& operator=(const ResultsRecorder&) = delete;

  /// An order update as it reached the strategy (local time).
  void on_update(const OrderUpdate& u) {
    if (!keep_updates_) return;
    pending_updates_.push_back(u);  // capacity reserved: never allocates
    if (pending_updates_.size() == kUpdateBatch) [[unlikely]]
      write_updates();
  }
  /// One signal sample at local time `ts`: the local mid (ticks, NaN if a side is empty) and one
  /// value per signal (NaN while invalid).
  void on_sample(Timestamp ts, double mid, std::span<const SignalValue> values);

  // RunHistory: the instance's finished orders and marked-out fills.
  void order_done(const Order& order, const Instance& instance) override;
  void fill_done(const FillRecord& fill, std::span<const double> markouts) override;

  /// Writes the venue-side tables from `instance` (null when the run failed before it existed) and
  /// flushes the strategy-side ones. Call once, then set attributes and close file().
  void finish(const Instance* instance);
  ResultsFile& file() { return file_; }

 private:
  void write_updates();
  void write_equity(const Instance& instance);
  void write_fills(const Instance& instance);
  void write_orders(const Instance& instance);
  TableWriter& fills_table();
  TableWriter& orders_table();
  void set_order_row(TableWriter::Row row, const Order& o) const;

  struct Units {
    double price;  // decimal price per tick
    double qty;    // instrument units per lot
    double money;  // quote currency per tick·lot
  };
  OutputSelection selection_;
  Units units_;
  std::vector<Duration> markout_horizons_;
  ResultsFile file_;
  bool keep_updates_;
  std::vector<OrderUpdate> pending_updates_;
  TableWriter* updates_ = nullptr;
  TableWriter* signals_ = nullptr;
  TableWriter* fills_ = nullptr;   ///< created at the first fill (or at the end)
  TableWriter* orders_ = nullptr;  ///< likewise
  bool keep_fills_;
  bool keep_orders_;
  std::uint64_t next_order_row_ = 1;  ///< orders with ids below this have a row
  std::size_t signal_count_ = 0;
};

}  // namespace tilt
