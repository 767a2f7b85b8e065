// The traded instrument: the one place where decimal prices and sizes meet integer ticks and lots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tilt/decimal.hpp"
#include "tilt/types.hpp"

namespace tilt {

/// When the instrument trades, for annualizing per-interval statistics (Sharpe):
///   crypto_24_7   every second of the year: 365.25 days × 24 h;
///   us_equities   US exchange hours: 252 sessions × 6.5 h (09:30-16:00 New York).
/// Equity samples are assumed to fall inside the session (a day's data, or sessions back to back).
enum class TradingCalendar : std::uint8_t { crypto_24_7, us_equities };

std::string_view to_string(TradingCalendar calendar);
/// "crypto_24_7" or "us_equities"; nullopt otherwise.
std::optional<TradingCalendar> trading_calendar_from_string(std::string_view name);
/// Trading seconds in one year of the calendar.
double trading_seconds_per_year(TradingCalendar calendar);
/// Trading seconds in one day (one session) of the calendar.
double trading_seconds_per_day(TradingCalendar calendar);

struct Instrument {
  std::string symbol;
  Decimal tick_size{1, 2};           ///< price increment, e.g. 0.01
  Decimal lot_size{1, 0};            ///< quantity increment, e.g. 0.001 BTC or 1 share
  double contract_multiplier = 1.0;  ///< notional = price × qty × multiplier
  double maker_fee = 0.0;            ///< fraction of notional; negative is a rebate
  double taker_fee = 0.0;            ///< fraction of notional
  /// Stored as the store attribute `calendar`; a store without it is crypto_24_7.
  TradingCalendar calendar = TradingCalendar::crypto_24_7;

  /// Checks tick/lot sizes are positive and the multiplier is finite and positive.
  void validate() const;

  /// Exact conversion of a decimal price to ticks. Throws InstrumentError naming the value and the
  /// tick when the price is off the grid, e.g. "price 101.2345 is not a multiple of tick 0.01".
  Price price_to_ticks(const Decimal& price) const;
  Price price_to_ticks(std::string_view price_text) const;
  /// Exact conversion of a decimal quantity to lots; same errors with "qty" and "lot".
  Qty qty_to_lots(const Decimal& qty) const;
  Qty qty_to_lots(std::string_view qty_text) const;

  double ticks_to_price(Price ticks) const { return static_cast<double>(ticks) * tick_double(); }
  double lots_to_qty(Qty lots) const { return static_cast<double>(lots) * lot_double(); }
  std::string format_price(Price ticks) const { return multiply(ticks, tick_size).to_string(); }
  std::string format_qty(Qty lots) const { return multiply(lots, lot_size).to_string(); }

  double tick_double() const { return tick_size.to_double(); }
  double lot_double() const { return lot_size.to_double(); }
};

}  // namespace tilt
