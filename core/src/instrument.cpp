#include "tilt/instrument.hpp"

#include <cmath>
#include <string>

#include "tilt/error.hpp"

namespace tilt {
namespace {

std::int64_t to_steps(const Decimal& value, const Decimal& step, const char* what,
                      const char* step_name) {
  auto steps = exact_multiple(value, step);
  if (!steps) {
    throw InstrumentError(std::string(what) + " " + value.to_string() + " is not a multiple of " +
                          step_name + " " + step.to_string());
  }
  return *steps;
}

Decimal parse_or_throw(std::string_view text, const char* what) {
  auto d = Decimal::parse(text);
  if (!d)
    throw InstrumentError(std::string(what) + " '" + std::string(text) +
                          "' is not a decimal number");
  return *d;
}

constexpr double kSecondsPerDay = 86'400.0;
constexpr double kUsEquitySessionSeconds = 6.5 * 3'600.0;
constexpr double kUsEquitySessionsPerYear = 252.0;

}  // namespace

std::string_view to_string(TradingCalendar calendar) {
  return calendar == TradingCalendar::us_equities ? "us_equities" : "crypto_24_7";
}

std::optional<TradingCalendar> trading_calendar_from_string(std::string_view name) {
  if (name == "crypto_24_7") return TradingCalendar::crypto_24_7;
  if (name == "us_equities") return TradingCalendar::us_equities;
  return std::nullopt;
}

double trading_seconds_per_year(TradingCalendar calendar) {
  return calendar == TradingCalendar::us_equities
             ? kUsEquitySessionsPerYear * kUsEquitySessionSeconds
             : 365.25 * kSecondsPerDay;
}

double trading_seconds_per_day(TradingCalendar calendar) {
  return calendar == TradingCalendar::us_equities ? kUsEquitySessionSeconds : kSecondsPerDay;
}

void Instrument::validate() const {
  if (!tick_size.is_positive())
    throw InstrumentError("instrument " + symbol + ": tick size must be positive, got " +
                          tick_size.to_string());
  if (!lot_size.is_positive())
    throw InstrumentError("instrument " + symbol + ": lot size must be positive, got " +
                          lot_size.to_string());
  if (!std::isfinite(contract_multiplier) || contract_multiplier <= 0)
    throw InstrumentError("instrument " + symbol + ": contract multiplier must be positive");
  if (!std::isfinite(maker_fee) || !std::isfinite(taker_fee))
    throw InstrumentError("instrument " + symbol + ": fees must be finite numbers");
}

Price Instrument::price_to_ticks(const Decimal& price) const {
  return to_steps(price, tick_size, "price", "tick");
}
Price Instrument::price_to_ticks(std::string_view price_text) const {
  return price_to_ticks(parse_or_throw(price_text, "price"));
}
Qty Instrument::qty_to_lots(const Decimal& qty) const {
  return to_steps(qty, lot_size, "qty", "lot");
}
Qty Instrument::qty_to_lots(std::string_view qty_text) const {
  return qty_to_lots(parse_or_throw(qty_text, "qty"));
}

}  // namespace tilt
