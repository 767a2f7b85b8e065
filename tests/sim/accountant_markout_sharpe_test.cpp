// Accountant corrections of issue 15, worked by hand: markouts start from the mid in force before
// the event (venue message) that filled us, and the annualized Sharpe follows the instrument's
// trading calendar, flagged as an extrapolation below one trading day of data.
#include <gtest/gtest.h>

#include <cmath>

#include "support/sim_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/sim/accountant.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::trade;

OrderUpdate fill(Side side, Price price, Qty qty, Liquidity liquidity = Liquidity::maker) {
  OrderUpdate u;
  u.kind = UpdateKind::fill;
  u.side = side;
  u.price = price;
  u.qty = qty;
  u.liquidity = liquidity;
  return u;
}

// Drives the accountant the way the simulator does: advance_to(t) before each event at t.
struct Replay {
  OrderBook book{BookOptions{CrossedPolicy::repair}};
  Accountant accountant;
  explicit Replay(AccountingConfig config) : accountant(std::move(config)) {}
  void apply(const Event& e) {
    accountant.advance_to(e.exch_ts, book);
    book.apply(e);
  }
};

// t = 0      bid 100 / ask 101                       mid 100.5
// t = 1 s    one venue message: a seller hits our resting bid at 100 (trade), the bid level at
//            100 empties and a new bid appears at 99   -> bid 99 / ask 101, mid 100
//            Our fill is recorded after the level update (as a queue model fills on it).
// t = 2.5 s  the ask moves from 101 to 102                -> bid 99 / ask 102, mid 100.5
// Mid before the fill's message: 100.5 (the old rule, mid right after the fill, gave 100).
// markout 1 s  (due at 2 s, mid then 100):      +1 × (100   − 100.5) = −0.5
// markout 2 s  (due at 3 s, mid then 100.5):    +1 × (100.5 − 100.5) =  0
TEST(AccountantMarkout, FromTheMidInForceBeforeTheFillingMessage) {
  AccountingConfig config;
  config.markout_horizons = {kSecond, 2 * kSecond};
  Replay r(config);
  r.apply(level(0, Side::buy, 100, 5));
  r.apply(level(0, Side::sell, 101, 5));
  r.apply(trade(kSecond, Side::sell, 100, 5));
  r.apply(level(kSecond, Side::buy, 100, 0));
  r.apply(level(kSecond, Side::buy, 99, 3));
  r.accountant.on_fill(kSecond, fill(Side::buy, 100, 2), r.book);
  r.apply(level(2'500'000'000, Side::sell, 102, 4));
  r.apply(level(2'500'000'000, Side::sell, 101, 0));
  r.accountant.finish(3'500'000'000, r.book);

  ASSERT_EQ(r.accountant.fills().size(), 1u);
  EXPECT_DOUBLE_EQ(r.accountant.fills()[0].mid, 100.5);
  EXPECT_DOUBLE_EQ(r.accountant.markout(0, 0), -0.5);
  EXPECT_DOUBLE_EQ(r.accountant.markout(0, 1), 0.0);
}

// An aggressive order that arrives on its own (no market message at its time) is measured from
// the book as it stands: bid 100 / ask 101 -> 100.5; a sell filled at 100 then sees mid 101.5 at
// +1 s: −1 × (101.5 − 100.5) = −1.
TEST(AccountantMarkout, OrderArrivalBetweenMessages) {
  AccountingConfig config;
  config.markout_horizons = {kSecond};
  Replay r(config);
  r.apply(level(0, Side::buy, 100, 5));
  r.apply(level(0, Side::sell, 101, 5));
  r.accountant.advance_to(500'000'000, r.book);  // the order's arrival
  r.accountant.on_fill(500'000'000, fill(Side::sell, 100, 1, Liquidity::taker), r.book);
  r.apply(level(kSecond, Side::buy, 101, 1));
  r.apply(level(kSecond, Side::sell, 102, 1));
  r.apply(level(kSecond, Side::sell, 101, 0));
  r.accountant.finish(2 * kSecond, r.book);
  EXPECT_DOUBLE_EQ(r.accountant.fills()[0].mid, 100.5);
  EXPECT_DOUBLE_EQ(r.accountant.markout(0, 0), -1.0);
}

// Buy 1 lot at 100 at t = 0 (bid 99 / ask 101, mid 100), then the mid goes 101, 100.5, 102 at 1, 2,
// 3 s. Equity per 1 s sample: 1, 0.5, 2 -> changes +1, −0.5, +1.5 (from the start, 0). mean 2/3,
// sample variance ((1/3)² + (7/6)² + (5/6)²) / 2 = 13/12, Sharpe = (2/3) / √(13/12). Annualized: ×
// √(252 × 6.5 × 3600) for US equities, × √(365.25 × 86400) for crypto (1 s samples).
AccountSummary three_second_run(TradingCalendar calendar, Timestamp end) {
  AccountingConfig config;
  config.calendar = calendar;
  config.markout_horizons = {kSecond};
  Replay r(config);
  r.apply(level(0, Side::buy, 99, 5));
  r.apply(level(0, Side::sell, 101, 5));
  r.accountant.on_fill(0, fill(Side::buy, 100, 1), r.book);
  r.apply(level(kSecond, Side::sell, 103, 5));
  r.apply(level(kSecond, Side::sell, 101, 0));  // 99 / 103: mid 101
  r.apply(level(2 * kSecond, Side::sell, 102, 5));
  r.apply(level(2 * kSecond, Side::sell, 103, 0));  // 99 / 102: mid 100.5
  r.apply(level(3 * kSecond, Side::sell, 103, 5));
  r.apply(level(3 * kSecond, Side::sell, 102, 0));
  r.apply(level(3 * kSecond, Side::buy, 101, 5));  // 101 / 103: mid 102
  r.accountant.finish(end, r.book);
  Instrument ins;
  ins.tick_size = Decimal{1, 0};
  return r.accountant.summary(ins);
}

TEST(AccountantSharpe, AnnualizedOverTheDeclaredCalendar) {
  const double sharpe = (2.0 / 3.0) / std::sqrt(13.0 / 12.0);
  const AccountSummary equities = three_second_run(TradingCalendar::us_equities, 3 * kSecond);
  EXPECT_NEAR(equities.sharpe, sharpe, 1e-12);
  EXPECT_NEAR(equities.sharpe_annualized, sharpe * std::sqrt(252.0 * 6.5 * 3600.0), 1e-9);
  EXPECT_EQ(equities.calendar, TradingCalendar::us_equities);
  const AccountSummary crypto = three_second_run(TradingCalendar::crypto_24_7, 3 * kSecond);
  EXPECT_NEAR(crypto.sharpe_annualized, sharpe * std::sqrt(365.25 * 86400.0), 1e-9);
}

TEST(AccountantSharpe, ExtrapolationBelowOneTradingDay) {
  // 3 s of data: an extrapolation on either calendar.
  EXPECT_TRUE(three_second_run(TradingCalendar::us_equities, 3 * kSecond).sharpe_extrapolated);
  EXPECT_TRUE(three_second_run(TradingCalendar::crypto_24_7, 3 * kSecond).sharpe_extrapolated);
  // 6 h 27 min (99.2% of the 6.5 h session) counts as a whole session: no extrapolation.
  EXPECT_FALSE(three_second_run(TradingCalendar::us_equities, (6 * 3600 + 27 * 60) * kSecond)
                   .sharpe_extrapolated);
  // 6 h 20 min (97.4%) does not.
  EXPECT_TRUE(three_second_run(TradingCalendar::us_equities, (6 * 3600 + 20 * 60) * kSecond)
                  .sharpe_extrapolated);
  // 7 h: a whole US session (6.5 h), but not a whole 24 h crypto day.
  const Timestamp seven_hours = 7 * 3600 * kSecond;
  EXPECT_FALSE(three_second_run(TradingCalendar::us_equities, seven_hours).sharpe_extrapolated);
  EXPECT_TRUE(three_second_run(TradingCalendar::crypto_24_7, seven_hours).sharpe_extrapolated);
}

TEST(TradingCalendarNames, RoundTripAndUnknown) {
  for (const TradingCalendar c : {TradingCalendar::crypto_24_7, TradingCalendar::us_equities})
    EXPECT_EQ(trading_calendar_from_string(to_string(c)), c);
  EXPECT_FALSE(trading_calendar_from_string("nyse").has_value());
  EXPECT_DOUBLE_EQ(trading_seconds_per_day(TradingCalendar::us_equities), 23'400.0);
}

}  // namespace
}  // namespace tilt
