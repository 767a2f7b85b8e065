// `tilt convert`'s crossed-book policy and feed clock (issue 15), on hand-built files:
//   * LOBSTER rows sharing a timestamp are one venue message: a book locked inside it is fine, a
//     book still crossed after it is repaired by default (counted) or an error with --crossed
//     error;
//   * negative feed latency (local time before exchange time) is counted, with its worst value,
//     in the conversion's counters, the store and the summary; the timestamps are kept.
#include <gtest/gtest.h>

#include "adapter_test_support.hpp"
#include "adapters/csv/fields.hpp"
#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/tardis/tardis_convert.hpp"
#include "support/run_tilt.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::test {
namespace {

using adapters::Policy;
namespace lobster = adapters::lobster;
namespace tardis = adapters::tardis;

struct Converted {
  std::vector<Event> events;
  adapters::ConversionStats stats;
};

Converted convert_lobster(const std::string& messages, const std::string& orderbook,
                          CrossedPolicy crossed) {
  lobster::ConvertOptions o;
  o.message_file = messages;
  o.orderbook_file = orderbook;
  o.instrument.symbol = "TEST";
  o.instrument.tick_size = Decimal{1, 2};
  o.instrument.lot_size = Decimal{1, 0};
  o.crossed = crossed;
  Converted c;
  c.stats = lobster::convert(
      o, [&c](std::span<const Event> b) { c.events.insert(c.events.end(), b.begin(), b.end()); });
  return c;
}

const std::string kStem = "TEST_2012-06-21_34200000_57600000_";

// One level a side. Message 3 puts a bid at 100.10, on the ask: the book is locked. With
// `same_message` message 4 (same timestamp) deletes the ask, so the message ends uncrossed.
std::pair<std::string, std::string> locking_pair(const TempDir& dir, bool same_message) {
  const std::string t4 = same_message ? "34200.000000003" : "34200.000000004";
  const auto messages = dir.write(kStem + "message_1.csv",
                                  "34200.000000001,1,1,100,1000000,1\n"
                                  "34200.000000002,1,2,50,1001000,-1\n"
                                  "34200.000000003,1,3,20,1001000,1\n" +
                                      (same_message ? t4 + ",3,2,50,1001000,-1\n" : std::string()));
  const auto orderbook =
      dir.write(kStem + "orderbook_1.csv",
                "9999999999,0,1000000,100\n"
                "1001000,50,1000000,100\n"
                "1001000,50,1001000,20\n" +
                    (same_message ? std::string("9999999999,0,1001000,20\n") : std::string()));
  return {messages, orderbook};
}

TEST(LobsterMessages, BookLockedInsideOneMessageIsNotCrossed) {
  TempDir dir;
  const auto [messages, orderbook] = locking_pair(dir, true);
  for (const CrossedPolicy policy : {CrossedPolicy::repair, CrossedPolicy::error}) {
    const Converted c = convert_lobster(messages, orderbook, policy);
    EXPECT_FALSE(c.stats.counters.contains("repairs.crossed_book"));
    // Last events: the ask at 100.10 leaves (size 0); the bid 100.10 × 20 stays.
    ASSERT_FALSE(c.events.empty());
    EXPECT_EQ(c.events.back().kind, EventKind::level);
    EXPECT_EQ(c.events.back().side, Side::sell);
    EXPECT_EQ(c.events.back().price, 10'010);
    EXPECT_EQ(c.events.back().qty, 0);
  }
}

TEST(LobsterMessages, BookLockedAfterAWholeMessageRepairedOrError) {
  TempDir dir;
  const auto [messages, orderbook] = locking_pair(dir, false);
  // Repair: the ask (last changed by message 2) is older than the bid (message 3): it goes, at
  // message 3's time 09:30:00.000000003 New York = 13:30 UTC (EDT).
  const Converted c = convert_lobster(messages, orderbook, CrossedPolicy::repair);
  EXPECT_EQ(c.stats.counters.at("repairs.crossed_book"), 1);
  EXPECT_NE(c.stats.repair_examples.at("repairs.crossed_book")
                .find("message_1.csv:3: price: book crossed after the message ending here: best "
                      "bid 100.1 >= best ask 100.1"),
            std::string::npos)
      << c.stats.repair_examples.at("repairs.crossed_book");
  const Event& last = c.events.back();
  EXPECT_EQ(last.kind, EventKind::level);
  EXPECT_EQ(last.side, Side::sell);
  EXPECT_EQ(last.price, 10'010);
  EXPECT_EQ(last.qty, 0);
  const Timestamp expected_ts = Timestamp{1'340'285'400} * kSecond + 3;  // 2012-06-21 13:30 UTC
  EXPECT_EQ(last.exch_ts, expected_ts);
  try {
    convert_lobster(messages, orderbook, CrossedPolicy::error);
    FAIL() << "expected a crossed-book error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("message_1.csv:3: price: book crossed"), std::string::npos)
        << e.what();
  }
}

// The AMZN sample day has one time printed with float noise past the nanosecond.
TEST(LobsterTimeText, DigitsPastTheNanosecondAreRounded) {
  std::int64_t ns = 0;
  ASSERT_TRUE(adapters::parse_seconds_ns("43002.632812672004", ns));
  EXPECT_EQ(ns, 43'002'632'812'672);
  ASSERT_TRUE(adapters::parse_seconds_ns("43002.6328126725", ns));
  EXPECT_EQ(ns, 43'002'632'812'673);
  ASSERT_TRUE(adapters::parse_seconds_ns("1.5", ns));
  EXPECT_EQ(ns, 1'500'000'000);
  EXPECT_FALSE(adapters::parse_seconds_ns("1.5x", ns));
  EXPECT_FALSE(adapters::parse_seconds_ns("1.", ns));
}

// --- feed clock ----------------------------------------------------------------------------------

constexpr const char* kBookHeader =
    "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";

// Local clock 1.2 s behind on two of four rows; the worst is −1.2 s (microsecond stamps).
std::string skewed_book(const TempDir& dir) {
  return dir.write("skew.csv", std::string(kBookHeader) +
                                   "x,S,10000000,10000100,true,bid,100,5\n"
                                   "x,S,10000000,10000100,true,ask,101,7\n"
                                   "x,S,12000000,10800000,false,bid,100,6\n"
                                   "x,S,13000000,12900000,false,ask,101,8\n");
}

TEST(FeedClock, NegativeLatencyCountedWithWorstValue) {
  TempDir dir;
  tardis::ConvertOptions o;
  o.book_files = {skewed_book(dir)};
  o.instrument.symbol = "S";
  o.instrument.tick_size = Decimal{5, 1};
  o.instrument.lot_size = Decimal{1, 0};
  std::vector<Event> events;
  const auto stats = tardis::convert(
      o, [&events](std::span<const Event> b) { events.insert(events.end(), b.begin(), b.end()); });
  // Events: snapshot_begin, 2 levels, snapshot_end (all +100 us), then −1.2 s and −100 ms.
  EXPECT_EQ(stats.counters.at("feed.negative_latency_events"), 2);
  EXPECT_EQ(stats.counters.at("feed.worst_negative_latency_ns"), -1'200'000'000);
  // Kept as recorded: no clamping in the store.
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[4].local_ts - events[4].exch_ts, -1'200'000'000);
}

/// tilt's output (stdout and stderr), whatever its exit status.
std::string run_tilt(const std::string& args) {
  return testing::run_tilt(args).output;
}

TEST(FeedClock, ConvertSummaryStoreAndInfo) {
  TempDir dir;
  const std::string store = dir.file("skew.h5");
  const std::string out = run_tilt("convert --from tardis --book " + skewed_book(dir) +
                                   " --symbol S --tick-size 0.5 --lot-size 1 -o " + store);
  EXPECT_NE(out.find("negative feed latency (local time before exchange time) on 2 of 6 events, "
                     "worst -1.2 s"),
            std::string::npos)
      << out;
  const StoreMetadata meta = read_store_metadata(store);
  EXPECT_EQ(meta.counters.at("feed.negative_latency_events"), 2);
  EXPECT_EQ(meta.counters.at("feed.worst_negative_latency_ns"), -1'200'000'000);
  EXPECT_EQ(meta.text.at("convert_crossed"), "repair");
  const std::string info = run_tilt("info " + store);
  EXPECT_NE(info.find("negative on 2 events"), std::string::npos) << info;
  EXPECT_NE(info.find("feed.worst_negative_latency_ns"), std::string::npos) << info;
}

TEST(ConvertCrossedFlag, ErrorOrRepairFromTheCommandLine) {
  TempDir dir;
  const auto book = dir.write("c.csv", std::string(kBookHeader) +
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,1000,1000,true,ask,101,7\n"
                                           "x,S,2000,2000,false,bid,101,4\n"
                                           "x,S,3000,3000,false,bid,99,1\n");
  const std::string args =
      "convert --from tardis --book " + book + " --symbol S --tick-size 0.5 --lot-size 1 -o ";
  std::string out = run_tilt(args + dir.file("r.h5"));
  EXPECT_NE(out.find("crossed_book"), std::string::npos) << out;
  EXPECT_EQ(read_store_metadata(dir.file("r.h5")).counters.at("repairs.crossed_book"), 1);
  out = run_tilt(args + dir.file("e.h5") + " --crossed error");
  EXPECT_NE(out.find("tilt: error: " + book + ":4: price: book crossed"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("e.h5")));
}

}  // namespace
}  // namespace tilt::test
