// ResultsRecorder: a run's results.h5, streamed while the run goes.
//
// The loop only copies records: order updates as they reach the strategy, finished orders and
// marked-out fills are appended as plain structs to fixed batches. A full batch is handed to the
// results file's writer thread (ResultsFile::post), which turns it into table rows (the text of
// enums, decimal units) and compresses and writes the table's full chunks, overlapping the replay;
// the loop goes on with a fresh batch. Signal samples (a few per second) are appended as rows
// directly. The recorder is the instance's RunHistory (sim/history.hpp): a fill's record is
// batched once its markouts are made, an order's once it can change no more. The orders table
// stays in id order: when order n finishes, the live orders with ids below n get their row now as
// they stand and have it rewritten when they finish (mostly while the row is still in the table's
// buffered chunk). At the end come the fills still waiting for a horizon, the orders still live and
// the equity series. Memory: per table one chunk of rows (TableWriter) and a few batches
// (ResultsFile::kMaxQueuedTasks), whatever the run's length or order count.
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
#include "tilt/sim/accountant.hpp"
#include "tilt/sim/history.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/order.hpp"

namespace tilt {

/// The factors from the engine's integers to the tables' units.
struct ResultUnits {
  double price;  ///< decimal price per tick
  double qty;    ///< instrument units per lot
  double money;  ///< quote currency per tick·lot
};

class ResultsRecorder final : public RunHistory {
 public:
  /// Records per batch handed to the writer thread (~0.4-0.6 MiB each).
  static constexpr std::size_t kBatch = 8192;

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
    if (pending_updates_.size() == kBatch) [[unlikely]]
      post_updates();
  }
  /// One signal sample at local time `ts`: the local mid (ticks, NaN if a side is empty) and one
  /// value per signal (NaN while invalid).
  void on_sample(Timestamp ts, double mid, std::span<const SignalValue> values);

  // RunHistory: the instance's finished orders and marked-out fills.
  void order_done(const Order& order, const Instance& instance) override;
  void fill_done(const FillRecord& fill, std::span<const double> markouts) override;

  /// Writes the venue-side tables from `instance` (null when the run failed before it existed),
  /// flushes the strategy-side ones and waits for the writer thread. Call once, then set
  /// attributes and close file().
  void finish(const Instance* instance);
  ResultsFile& file() { return file_; }

 private:
  /// An order's state for its row: appended, or rewritten over the row it already has.
  struct OrderRecord {
    Order order;
    bool rewrite;
  };
  /// Hands each non-empty batch to the writer thread; `last` also flushes the tables.
  void post_updates(bool last = false);
  void post_fills(bool last = false);
  void post_orders(bool last = false);
  void push_order(const Order& o, bool rewrite) {
    pending_orders_.push_back({o, rewrite});  // capacity reserved: never allocates
    if (pending_orders_.size() == kBatch) [[unlikely]]
      post_orders();
  }
  void write_equity(const Instance& instance);
  TableWriter& fills_table();
  TableWriter& orders_table();

  OutputSelection selection_;
  ResultUnits units_;
  std::vector<Duration> markout_horizons_;
  bool keep_updates_;
  bool keep_fills_;
  bool keep_orders_;
  std::vector<OrderUpdate> pending_updates_;
  std::vector<FillRecord> pending_fills_;
  std::vector<double> pending_markouts_;  ///< markout_horizons_.size() per pending fill
  std::vector<OrderRecord> pending_orders_;
  TableWriter* updates_ = nullptr;
  TableWriter* signals_ = nullptr;
  TableWriter* fills_ = nullptr;      ///< created at the first fill (or at the end)
  TableWriter* orders_ = nullptr;     ///< likewise
  std::uint64_t next_order_row_ = 1;  ///< orders with ids below this have a row
  std::size_t signal_count_ = 0;
  /// Last: destroyed first, which stops the writer thread before the batches its tasks no longer
  /// use (they own theirs) and the rest go.
  ResultsFile file_;
};

}  // namespace tilt
