#include "tilt/run/results_recorder.hpp"

#include <filesystem>
#include <limits>

#include "tilt/run/run_outputs.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/order_state.hpp"

namespace tilt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Text widths: wide enough for every enum name (a longer one throws rather than being cut).
constexpr std::size_t kShortText = 12;  // side, liquidity, type, tif
constexpr std::size_t kLongText = 24;   // kind, state, reason

ColumnSpec int_column(std::string name, std::string unit) {
  return {std::move(name), ColumnType::int64, std::move(unit), 0};
}
ColumnSpec real_column(std::string name, std::string unit) {
  return {std::move(name), ColumnType::real, std::move(unit), 0};
}
ColumnSpec text_column(std::string name, std::size_t width) {
  return {std::move(name), ColumnType::text, "", width};
}

TableSpec updates_spec() {
  return {
      "order_updates",
      "the orders' life cycle: every venue update as it reached the strategy",
      {int_column("local_ts", "ns since epoch (when the strategy received it)"),
       int_column("exch_ts", "ns since epoch (when the venue produced it)"),
       int_column("order_id", ""), text_column("kind", kLongText), text_column("side", kShortText),
       real_column("price", "price"), real_column("qty", "instrument units (fills)"),
       real_column("leaves", "instrument units"), text_column("liquidity", kShortText),
       text_column("reason", kLongText), real_column("fee", "quote currency")}};
}

TableSpec signals_spec(const std::vector<std::string>& names) {
  TableSpec t{
      "signals",
      "signals on the local book, sampled every output.signal_sample_interval of local time",
      {int_column("ts", "ns since epoch (local time)"), real_column("mid", "price (local mid)")}};
  for (const std::string& n : names)
    t.columns.push_back(real_column(n, "signal units (NaN while invalid)"));
  return t;
}

TableSpec equity_spec() {
  return {"equity",
          "account state sampled every output.sample_interval of exchange time",
          {int_column("ts", "ns since epoch (exchange time)"),
           real_column("position", "instrument units"), real_column("mark", "price (exchange mid)"),
           real_column("equity", "quote currency"),
           real_column("realized_pnl", "quote currency, after fees"),
           real_column("unrealized_pnl", "quote currency"),
           real_column("fees", "quote currency, + paid, - rebate")}};
}

TableSpec fills_spec(const std::vector<Duration>& horizons) {
  TableSpec t{
      "fills",
      "every execution of our orders at the venue; markouts are mid moves after the fill",
      {int_column("exch_ts", "ns since epoch (exchange time)"), int_column("order_id", ""),
       text_column("side", kShortText), real_column("price", "price"),
       real_column("qty", "instrument units"), text_column("liquidity", kShortText),
       real_column("fee", "quote currency, + paid, - rebate"),
       real_column("position_after", "instrument units"),
       real_column("mid", "price (exchange mid in force before the event that filled us)")}};
  for (Duration h : horizons)
    t.columns.push_back(
        real_column(markout_column(h), "ticks, signed by side (+ = in our favour)"));
  return t;
}

TableSpec orders_spec() {
  return {
      "orders",
      "every order the strategy sent, in its final known state",
      {int_column("id", ""), text_column("side", kShortText), text_column("type", kShortText),
       text_column("tif", kShortText), real_column("price", "price (0 for market orders)"),
       real_column("qty", "instrument units"), real_column("filled", "instrument units"),
       real_column("leaves", "instrument units"), text_column("state", kLongText),
       text_column("reason", kLongText), int_column("submitted_ts", "ns since epoch (local time)"),
       int_column("updated_ts", "ns since epoch (local time)")}};
}

// `<dir>/results.h5`, creating `dir` first.
std::string results_path(const std::string& dir) {
  std::filesystem::create_directories(dir);
  return (std::filesystem::path(dir) / "results.h5").string();
}

// The rows of each table from its records (on the writer thread).

void set_update_row(TableWriter::Row row, const OrderUpdate& x, const ResultUnits& u) {
  row.set(0, static_cast<std::int64_t>(x.local_ts))
      .set(1, static_cast<std::int64_t>(x.exch_ts))
      .set(2, static_cast<std::int64_t>(x.id.value))
      .set(3, to_string(x.kind))
      .set(4, to_string(x.side))
      .set(5, static_cast<double>(x.price) * u.price)
      .set(6, static_cast<double>(x.qty) * u.qty)
      .set(7, static_cast<double>(x.leaves) * u.qty)
      .set(8, x.kind == UpdateKind::fill ? to_string(x.liquidity) : std::string_view())
      .set(9, to_string(x.reason))
      .set(10, x.fee * u.money);
}

void set_fill_row(TableWriter::Row row, const FillRecord& f, std::span<const double> markouts,
                  std::size_t horizons, const ResultUnits& u) {
  row.set(0, static_cast<std::int64_t>(f.exch_ts))
      .set(1, static_cast<std::int64_t>(f.order_id.value))
      .set(2, to_string(f.side))
      .set(3, static_cast<double>(f.price) * u.price)
      .set(4, static_cast<double>(f.qty) * u.qty)
      .set(5, to_string(f.liquidity))
      .set(6, f.fee * u.money)
      .set(7, static_cast<double>(f.position_after) * u.qty)
      .set(8, f.mid * u.price);
  // The accountant's horizons are the run's; a mismatch would misplace columns.
  for (std::size_t k = 0; k < horizons; ++k)
    row.set(9 + k, k < markouts.size() ? markouts[k] : kNaN);
}

void set_order_row(TableWriter::Row row, const Order& o, const ResultUnits& u) {
  row.set(0, static_cast<std::int64_t>(o.id.value))
      .set(1, to_string(o.side))
      .set(2, to_string(o.type))
      .set(3, to_string(o.tif))
      .set(4, static_cast<double>(o.price) * u.price)
      .set(5, static_cast<double>(o.qty) * u.qty)
      .set(6, static_cast<double>(o.filled) * u.qty)
      .set(7, static_cast<double>(o.leaves) * u.qty)
      .set(8, to_string(o.state))
      .set(9, to_string(o.reason))
      .set(10, static_cast<std::int64_t>(o.submitted))
      .set(11, static_cast<std::int64_t>(o.updated));
}

}  // namespace

ResultsRecorder::ResultsRecorder(const std::string& dir, const OutputSelection& selection,
                                 const Instrument& instrument,
                                 const std::vector<std::string>& signal_names,
                                 const std::vector<Duration>& markout_horizons)
    : selection_(selection),
      units_{instrument.tick_double(), instrument.lot_double(),
             instrument.tick_double() * instrument.lot_double() * instrument.contract_multiplier},
      markout_horizons_(markout_horizons),
      keep_updates_(selection.keeps(ResultsTable::order_updates)),
      keep_fills_(selection.keeps(ResultsTable::fills)),
      keep_orders_(selection.keeps(ResultsTable::orders)),
      signal_count_(signal_names.size()),
      file_(results_path(dir)) {
  if (keep_updates_) {
    pending_updates_.reserve(kBatch);
    updates_ = &file_.add_table(updates_spec());
  }
  if (selection.keeps(ResultsTable::signals))
    signals_ = &file_.add_table(signals_spec(signal_names));
  if (keep_fills_) {
    pending_fills_.reserve(kBatch);
    pending_markouts_.reserve(kBatch * markout_horizons_.size());
  }
  if (keep_orders_) pending_orders_.reserve(kBatch);
}

ResultsRecorder::~ResultsRecorder() = default;

void ResultsRecorder::on_sample(Timestamp ts, double mid, std::span<const SignalValue> values) {
  if (signals_ == nullptr) return;
  TableWriter::Row row = signals_->append();
  row.set(0, static_cast<std::int64_t>(ts)).set(1, mid * units_.price);
  for (std::size_t c = 0; c < signal_count_; ++c) {
    row.set(2 + c, c < values.size() && values[c].valid ? values[c].value : kNaN);
  }
}

// Each post moves the batch into the task (which owns it until it has run) and starts a fresh
// one: the loop never waits for the writer unless kMaxQueuedTasks batches are queued.

void ResultsRecorder::post_updates(bool last) {
  if (pending_updates_.empty() && !last) return;
  const ResultUnits u = units_;
  file_.post([t = updates_, u, batch = std::move(pending_updates_), last] {
    for (const OrderUpdate& x : batch) set_update_row(t->append(), x, u);
    if (last) t->flush();
  });
  pending_updates_ = {};
  if (!last) pending_updates_.reserve(kBatch);
}

void ResultsRecorder::post_fills(bool last) {
  if (pending_fills_.empty() && !last) return;
  const ResultUnits u = units_;
  file_.post([t = &fills_table(), u, horizons = markout_horizons_.size(),
              batch = std::move(pending_fills_), markouts = std::move(pending_markouts_), last] {
    const std::size_t per_fill = horizons;
    for (std::size_t i = 0; i < batch.size(); ++i)
      set_fill_row(t->append(), batch[i],
                   std::span<const double>(markouts).subspan(i * per_fill, per_fill), horizons, u);
    if (last) t->flush();
  });
  pending_fills_ = {};
  pending_markouts_ = {};
  if (!last) {
    pending_fills_.reserve(kBatch);
    pending_markouts_.reserve(kBatch * markout_horizons_.size());
  }
}

void ResultsRecorder::post_orders(bool last) {
  if (pending_orders_.empty() && !last) return;
  const ResultUnits u = units_;
  file_.post([t = &orders_table(), u, batch = std::move(pending_orders_), last] {
    for (const OrderRecord& r : batch) {
      const Order& o = r.order;
      set_order_row(r.rewrite ? t->rewrite(static_cast<std::int64_t>(o.id.value - 1)) : t->append(),
                    o, u);
    }
    if (last) t->flush();
  });
  pending_orders_ = {};
  if (!last) pending_orders_.reserve(kBatch);
}

void ResultsRecorder::write_equity(const Instance& instance) {
  TableWriter& t = file_.add_table(equity_spec());
  const ResultUnits& u = units_;
  for (const EquitySample& s : instance.accountant().samples()) {
    t.append()
        .set(0, static_cast<std::int64_t>(s.ts))
        .set(1, static_cast<double>(s.position) * u.qty)
        .set(2, s.mark * u.price)
        .set(3, s.equity * u.money)
        .set(4, s.realized * u.money)
        .set(5, s.unrealized * u.money)
        .set(6, s.fees * u.money);
  }
  t.flush();
}

TableWriter& ResultsRecorder::fills_table() {
  if (fills_ == nullptr) fills_ = &file_.add_table(fills_spec(markout_horizons_));
  return *fills_;
}

TableWriter& ResultsRecorder::orders_table() {
  if (orders_ == nullptr) orders_ = &file_.add_table(orders_spec());
  return *orders_;
}

void ResultsRecorder::fill_done(const FillRecord& f, std::span<const double> markouts) {
  if (!keep_fills_) return;
  if (fills_ == nullptr) fills_table();  // created at the first fill, as the file lists tables
  pending_fills_.push_back(f);
  const std::size_t horizons = markout_horizons_.size();
  for (std::size_t k = 0; k < horizons; ++k)
    pending_markouts_.push_back(k < markouts.size() ? markouts[k] : kNaN);
  if (pending_fills_.size() == kBatch) [[unlikely]]
    post_fills();
}

void ResultsRecorder::order_done(const Order& o, const Instance& instance) {
  if (!keep_orders_) return;
  if (orders_ == nullptr) orders_table();
  const std::uint64_t id = o.id.value;
  if (id < next_order_row_) {  // it was live when a later order finished: its row is rewritten
    push_order(o, true);
    return;
  }
  // Every id in [next_order_row_, id) is live (a finished one would have moved next_order_row_
  // past itself): rows as they stand now, rewritten when they finish.
  for (std::uint64_t j = next_order_row_; j < id; ++j)
    push_order(instance.order(OrderId{j}), false);
  push_order(o, false);
  next_order_row_ = id + 1;
}

void ResultsRecorder::finish(const Instance* instance) {
  if (keep_updates_) post_updates(true);
  if (instance != nullptr) {
    if (selection_.keeps(ResultsTable::equity)) write_equity(*instance);
    if (keep_fills_) {
      // The fills still waiting for a horizon when the run ended (NaN where unreached).
      const Accountant& acc = instance->accountant();
      const std::size_t horizons = acc.config().markout_horizons.size();
      const auto fills = acc.fills();
      for (std::size_t i = 0; i < fills.size(); ++i)
        fill_done(fills[i], acc.markouts().subspan(i * horizons, horizons));
      post_fills(true);
    }
    if (keep_orders_) {
      // The orders still live at the end, in their last known state.
      instance->for_each_live([&](const Order& o) {
        if (o.id.value < next_order_row_) push_order(o, true);
      });
      for (std::uint64_t j = next_order_row_; j <= instance->last_id(); ++j)
        push_order(instance->order(OrderId{j}), false);
      next_order_row_ = instance->last_id() + 1;
      post_orders(true);
    }
  }
  file_.drain();
}

}  // namespace tilt
