// Every built-in signal on real vendor data (the LOBSTER and Tardis samples in tests/data): after
// every event the value is finite, and when valid it stays in its documented range.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/tardis/tardis_convert.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"

namespace tilt {
namespace {

const std::string kData = TILT_TEST_DATA_DIR;

Instrument instrument(const char* symbol, const char* tick, const char* lot) {
  Instrument ins;
  ins.symbol = symbol;
  ins.tick_size = *Decimal::parse(tick);
  ins.lot_size = *Decimal::parse(lot);
  return ins;
}

std::vector<Event> lobster_events() {
  adapters::lobster::ConvertOptions o;
  o.message_file = kData + "/AAPL_2012-06-21_34200000_57600000_message_10.csv";
  o.orderbook_file = kData + "/AAPL_2012-06-21_34200000_57600000_orderbook_10.csv";
  o.instrument = instrument("AAPL", "0.01", "1");
  std::vector<Event> all;
  adapters::lobster::convert(
      o, [&all](std::span<const Event> b) { all.insert(all.end(), b.begin(), b.end()); });
  return all;
}

std::vector<Event> tardis_events(const std::string& file, const char* tick, const char* lot) {
  adapters::tardis::ConvertOptions o;
  o.book_files = {kData + "/" + file};
  o.instrument = instrument("X", tick, lot);
  std::vector<Event> all;
  adapters::tardis::convert(
      o, [&all](std::span<const Event> b) { all.insert(all.end(), b.begin(), b.end()); });
  return all;
}

struct Checked {
  std::size_t events = 0;
  std::size_t valid_values = 0;
};

// Applies `events` to a book with every signal attached and checks each value after each event.
Checked check_ranges(const std::vector<Event>& events) {
  OrderBook book(BookOptions{CrossedPolicy::repair});
  SignalSet set;
  const SignalHandle qi = set.add({"queue_imbalance", {}, ""});
  const SignalHandle depth = set.add({"depth_imbalance", {{"levels", "5"}}, ""});
  const SignalHandle depth_exp =
      set.add({"depth_imbalance", {{"levels", "10"}, {"weights", "exponential"}}, ""});
  const SignalHandle ofi = set.add({"ofi", {{"levels", "5"}, {"window", "100"}}, ""});
  const SignalHandle ofi_n = set.add({"ofi", {{"window", "1s"}, {"normalized", "true"}}, ""});
  const SignalHandle wmid = set.add({"weighted_mid", {}, ""});
  const SignalHandle micro = set.add({"micro_price", {}, ""});
  const SignalHandle tfi = set.add({"trade_flow_imbalance", {{"window", "1s"}}, ""});
  const SignalHandle mid = set.add({"mid", {}, ""});
  const SignalHandle spread = set.add({"spread", {}, ""});
  const SignalHandle bid_size = set.add({"bid_size", {}, ""});
  const SignalHandle ask_size = set.add({"ask_size", {}, ""});
  Checked c;
  for (const Event& e : events) {
    book.apply(e);
    set.on_event(book, e);
    ++c.events;
    for (const std::string& name : set.names()) {
      const SignalValue v = set.value(*set.find(name));
      EXPECT_TRUE(std::isfinite(v.value)) << name << " at event " << c.events;
      if (v.valid) ++c.valid_values;
      if (!v.valid) {
        EXPECT_EQ(v.value, 0.0) << name << ": an invalid value reports 0";
      }
    }
    const auto in_unit = [&](SignalHandle h) {
      const SignalValue v = set.value(h);
      if (v.valid) {
        EXPECT_TRUE(v.value >= -1.0 && v.value <= 1.0) << set.name(h) << " = " << v.value;
      }
    };
    in_unit(qi);
    in_unit(depth);
    in_unit(depth_exp);
    in_unit(tfi);
    const auto bid = book.best(Side::buy);
    const auto ask = book.best(Side::sell);
    if (bid && ask && !book.in_snapshot()) {
      for (SignalHandle h : {wmid, micro, mid}) {
        const SignalValue v = set.value(h);
        EXPECT_TRUE(v.valid) << set.name(h);
        EXPECT_GE(v.value, static_cast<double>(bid->price)) << set.name(h);
        EXPECT_LE(v.value, static_cast<double>(ask->price)) << set.name(h);
      }
      EXPECT_EQ(set.value(spread).value, static_cast<double>(ask->price - bid->price));
      EXPECT_GT(set.value(spread).value, 0.0);
      EXPECT_EQ(set.value(bid_size).value, static_cast<double>(bid->qty));
      EXPECT_EQ(set.value(ask_size).value, static_cast<double>(ask->qty));
    }
    EXPECT_TRUE(set.value(ofi).valid) << "raw OFI is always valid";
    (void)ofi_n;  // normalized OFI is unbounded by definition; finiteness is checked above
  }
  return c;
}

TEST(SignalsOnRealData, LobsterAaplSample) {
  const auto events = lobster_events();
  ASSERT_GT(events.size(), 1000u);
  const Checked c = check_ranges(events);
  EXPECT_GT(c.valid_values, c.events * 10)
      << "most signals are valid most of the time on a two-sided book";
}

TEST(SignalsOnRealData, TardisDeribitIncremental) {
  const auto events = tardis_events("deribit_incremental_book_L2_BTC-PERPETUAL.csv", "0.5", "10");
  ASSERT_GT(events.size(), 10u);
  check_ranges(events);
}

TEST(SignalsOnRealData, TardisBinanceSnapshot25) {
  const auto events =
      tardis_events("binance-futures_book_snapshot_25_BTCUSDT.csv", "0.01", "0.001");
  ASSERT_GT(events.size(), 400u);
  const Checked c = check_ranges(events);
  EXPECT_GT(c.valid_values, 0u);
}

}  // namespace
}  // namespace tilt
