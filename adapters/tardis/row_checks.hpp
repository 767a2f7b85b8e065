// Field-level checks shared by the Tardis streams: each turns one text field into a value or
// reports the bad row through the policy (strict: DataError "file:line: column: what"; lenient:
// counted, and the caller skips the row).
#pragma once

#include <string>
#include <string_view>

#include "adapters/csv/fields.hpp"
#include "adapters/csv/policy.hpp"
#include "adapters/csv/trade_price.hpp"
#include "adapters/tardis/tardis_files.hpp"
#include "tilt/book/book_error.hpp"
#include "tilt/instrument.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters::tardis {

struct StreamOptions {
  /// Rows whose `symbol` column differs are bad rows (symbol_mismatch); empty accepts any symbol.
  std::string vendor_symbol;
  /// An exchange timestamp earlier than the previous row's by at most this much is clamped to the
  /// previous one (Tardis rows are in arrival order, so small steps back are normal on some
  /// venues); a larger step back is a bad row (time_backwards).
  Duration time_tolerance = 0;
  /// A book crossed or locked once a whole venue message (one exchange timestamp) is in: repair
  /// (the default of `tilt convert`, `tilt run` and `tilt book`) drops the stale side and counts
  /// repairs.crossed_book; error stops with a DataError.
  CrossedPolicy crossed = CrossedPolicy::repair;
};

class RowChecks {
 public:
  RowChecks(const Instrument& instrument, Repairs& repairs, StreamOptions options);

  /// Reports `what` about `field` of the cursor's current row as `kind`; returns false (lenient).
  bool bad(RepairKind kind, const RowCursor& row, std::string_view field, const std::string& what);

  bool columns(const RowCursor& row, std::size_t got, std::size_t expected);
  bool symbol(const RowCursor& row, std::string_view text);
  /// Parses both timestamps and checks the exchange time against the last accepted row's; clamps
  /// a step back within the tolerance. Call accept_time() once the row is kept.
  bool timestamps(const RowCursor& row, std::string_view exch_text, std::string_view local_text,
                  Timestamp& exch_ts, Timestamp& local_ts);
  void accept_time(Timestamp exch_ts) { last_exch_ts_ = exch_ts; }
  bool price(const RowCursor& row, std::string_view field, std::string_view text, Price& ticks);
  /// A trade's price: on the tick grid, or between ticks as flagged sub-ticks (trade_price.hpp).
  bool trade_price(const RowCursor& row, std::string_view field, std::string_view text,
                   TradePrice& price);
  /// A size in lots: negative is `negative_size`, so is zero unless `allow_zero`; above the
  /// Event's 32-bit range is malformed.
  bool size(const RowCursor& row, std::string_view field, std::string_view text, bool allow_zero,
            Qty& lots);

  const Instrument& instrument() const { return *instrument_; }
  const StreamOptions& options() const { return options_; }
  Repairs& repairs() { return *repairs_; }

 private:
  const Instrument* instrument_;
  Repairs* repairs_;
  StreamOptions options_;
  DecimalGrid tick_grid_;
  TradePriceGrid trade_price_grid_;
  DecimalGrid lot_grid_;
  Timestamp last_exch_ts_;
};

}  // namespace tilt::adapters::tardis
