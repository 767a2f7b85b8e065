#include "adapters/tardis/row_checks.hpp"

#include <limits>

namespace tilt::adapters::tardis {

RowChecks::RowChecks(const Instrument& instrument, Repairs& repairs, StreamOptions options)
    : instrument_(&instrument),
      repairs_(&repairs),
      options_(std::move(options)),
      tick_grid_(instrument.tick_size),
      trade_price_grid_(instrument.tick_size),
      lot_grid_(instrument.lot_size),
      last_exch_ts_(std::numeric_limits<Timestamp>::min()) {}

bool RowChecks::bad(RepairKind kind, const RowCursor& row, std::string_view field,
                    const std::string& what) {
  repairs_->report(kind, row.file(), row.line(), field, what);
  return false;
}

bool RowChecks::columns(const RowCursor& row, std::size_t got, std::size_t expected) {
  if (got == expected) return true;
  return bad(RepairKind::malformed_row, row, "",
             "expected " + std::to_string(expected) + " columns, got " +
                 (got > expected ? "more" : std::to_string(got)));
}

bool RowChecks::symbol(const RowCursor& row, std::string_view text) {
  if (options_.vendor_symbol.empty() || text == options_.vendor_symbol) return true;
  return bad(RepairKind::symbol_mismatch, row, "symbol",
             "row is for '" + std::string(text) + "', converting '" + options_.vendor_symbol + "'");
}

bool RowChecks::timestamps(const RowCursor& row, std::string_view exch_text,
                           std::string_view local_text, Timestamp& exch_ts, Timestamp& local_ts) {
  if (!parse_micros(exch_text, exch_ts)) {
    return bad(RepairKind::malformed_row, row, "timestamp",
               "expected microseconds since the epoch, got '" + std::string(exch_text) + "'");
  }
  if (!parse_micros(local_text, local_ts)) {
    return bad(RepairKind::malformed_row, row, "local_timestamp",
               "expected microseconds since the epoch, got '" + std::string(local_text) + "'");
  }
  if (exch_ts < last_exch_ts_) {
    if (last_exch_ts_ - exch_ts > options_.time_tolerance) {
      return bad(RepairKind::time_backwards, row, "timestamp",
                 "exchange time goes backwards by " +
                     std::to_string((last_exch_ts_ - exch_ts) / kMicrosecond) + " us (tolerance " +
                     std::to_string(options_.time_tolerance / kMicrosecond) + " us)");
    }
    exch_ts = last_exch_ts_;
  }
  return true;
}

bool RowChecks::price(const RowCursor& row, std::string_view field, std::string_view text,
                      Price& ticks) {
  switch (tick_grid_.to_steps(text, ticks)) {
    case DecimalGrid::Result::ok:
      return true;
    case DecimalGrid::Result::off_grid:
      return bad(RepairKind::off_grid, row, field,
                 "price " + std::string(text) + " is not a multiple of tick " +
                     instrument_->tick_size.to_string());
    case DecimalGrid::Result::not_a_number:
      return bad(RepairKind::malformed_row, row, field,
                 "expected a decimal price, got '" + std::string(text) + "'");
    case DecimalGrid::Result::out_of_range:
      break;
  }
  return bad(RepairKind::malformed_row, row, field,
             "price " + std::string(text) + " is out of range");
}

bool RowChecks::trade_price(const RowCursor& row, std::string_view field, std::string_view text,
                            TradePrice& price) {
  switch (trade_price_grid_.to_price(text, price)) {
    case DecimalGrid::Result::ok:
      return true;
    case DecimalGrid::Result::off_grid:
      return bad(RepairKind::off_grid, row, field,
                 "price " + std::string(text) + " is not a multiple of a sub-tick (tick " +
                     instrument_->tick_size.to_string() + " / " + std::to_string(kSubTicksPerTick) +
                     ")");
    case DecimalGrid::Result::not_a_number:
      return bad(RepairKind::malformed_row, row, field,
                 "expected a decimal price, got '" + std::string(text) + "'");
    case DecimalGrid::Result::out_of_range:
      break;
  }
  return bad(RepairKind::malformed_row, row, field,
             "price " + std::string(text) + " is out of range");
}

bool RowChecks::size(const RowCursor& row, std::string_view field, std::string_view text,
                     bool allow_zero, Qty& lots) {
  switch (lot_grid_.to_steps(text, lots)) {
    case DecimalGrid::Result::ok:
      break;
    case DecimalGrid::Result::off_grid:
      return bad(RepairKind::off_grid, row, field,
                 "size " + std::string(text) + " is not a multiple of lot " +
                     instrument_->lot_size.to_string());
    case DecimalGrid::Result::not_a_number:
      return bad(RepairKind::malformed_row, row, field,
                 "expected a decimal size, got '" + std::string(text) + "'");
    case DecimalGrid::Result::out_of_range:
      return bad(RepairKind::malformed_row, row, field,
                 "size " + std::string(text) + " is out of range");
  }
  if (lots < 0 || (lots == 0 && !allow_zero)) {
    return bad(RepairKind::negative_size, row, field,
               "size " + std::string(text) + (lots < 0 ? " is negative" : " must be positive"));
  }
  if (lots > kMaxEventQty) {
    return bad(RepairKind::malformed_row, row, field,
               "size " + std::string(text) + " is more than 2^31-1 lots of " +
                   instrument_->lot_size.to_string());
  }
  return true;
}

}  // namespace tilt::adapters::tardis
