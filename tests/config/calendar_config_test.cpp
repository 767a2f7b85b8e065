// The trading calendar of the annualized Sharpe, set per run (instrument.calendar) over the
// store's; a wrong name is an error naming file, line and column.
#include <gtest/gtest.h>

#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/run/run_setup.hpp"

namespace tilt {
namespace {

constexpr const char* kHead =
    "data: {store: x.h5}\n"
    "strategy: {name: imbalance_taker}\n";

TEST(CalendarConfig, RunOverridesTheStore) {
  const RunConfig c =
      parse_run_config(std::string(kHead) + "instrument: {calendar: us_equities}\n", "c.yaml");
  ASSERT_TRUE(c.calendar.has_value());
  EXPECT_EQ(*c.calendar, TradingCalendar::us_equities);
  Instrument from_store;  // a store says crypto_24_7 (the default)
  EXPECT_EQ(run_instrument(c, from_store).calendar, TradingCalendar::us_equities);
  EXPECT_EQ(make_instance_config(c, run_instrument(c, from_store)).accounting.calendar,
            TradingCalendar::us_equities);
  EXPECT_NE(resolved_yaml(c, {}).find("calendar: us_equities"), std::string::npos);
}

TEST(CalendarConfig, StoreCalendarWhenTheRunSaysNothing) {
  const RunConfig c = parse_run_config(kHead, "c.yaml");
  EXPECT_FALSE(c.calendar.has_value());
  Instrument from_store;
  from_store.calendar = TradingCalendar::us_equities;
  EXPECT_EQ(run_instrument(c, from_store).calendar, TradingCalendar::us_equities);
}

TEST(CalendarConfig, UnknownCalendarNamesLineAndColumn) {
  try {
    parse_run_config(std::string(kHead) + "instrument: {calendar: nyse}\n", "c.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "c.yaml:3:24: instrument.calendar: expected one of crypto_24_7, us_equities, got "
              "'nyse'");
  }
}

}  // namespace
}  // namespace tilt
