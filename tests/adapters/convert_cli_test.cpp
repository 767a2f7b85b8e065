// `tilt convert` end to end: the built binary converts the vendor samples, refuses bad input with
// one clear line, records lenient repairs in the store where `tilt info` shows them.
#include <gtest/gtest.h>

#include "adapter_test_support.hpp"
#include "support/run_tilt.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::test {
namespace {

using Result = testing::TiltResult;
using testing::run_tilt;

const std::string kLobsterArgs =
    "--from lobster --messages " + data_path("AAPL_2012-06-21_34200000_57600000_message_10.csv") +
    " --orderbook " + data_path("AAPL_2012-06-21_34200000_57600000_orderbook_10.csv") +
    " --symbol AAPL --tick-size 0.01 --lot-size 1 --feed-latency 250us";

TEST(ConvertCli, LobsterSampleToStore) {
  TempDir dir;
  const Result r = run_tilt("convert " + kLobsterArgs + " -o " + dir.file("aapl.h5"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("events written"), std::string::npos);
  const StoreMetadata meta = read_store_metadata(dir.file("aapl.h5"));
  EXPECT_EQ(meta.instrument.symbol, "AAPL");
  EXPECT_EQ(meta.counters.at("lobster.messages"), 999);
  EXPECT_EQ(meta.counters.at("convert.rows_read"), 1998);
  EXPECT_EQ(meta.text.at("source"), "lobster");
}

TEST(ConvertCli, TardisSnapshotFromInstrumentYaml) {
  TempDir dir;
  const auto yaml = dir.write("btc.yaml",
                              "symbol: BTCUSDT\ntick_size: 0.01\nlot_size: 0.001\n"
                              "taker_fee: 0.0004\n");
  const Result r = run_tilt("convert --from tardis-snapshot --book " +
                            data_path("binance-futures_book_snapshot_25_BTCUSDT.csv") +
                            " --instrument " + yaml + " -o " + dir.file("b.h5"));
  ASSERT_EQ(r.status, 0) << r.output;
  const StoreMetadata meta = read_store_metadata(dir.file("b.h5"));
  EXPECT_EQ(meta.event_count, 520);
  EXPECT_DOUBLE_EQ(meta.instrument.taker_fee, 0.0004);
}

TEST(ConvertCli, UnknownInstrumentKeyNamesFileLineColumn) {
  TempDir dir;
  const auto yaml = dir.write("bad.yaml", "symbol: X\ntick_size: 0.01\n  \nlot_sise: 1\n");
  const Result r = run_tilt("convert --from tardis --book " +
                            data_path("deribit_incremental_book_L2_BTC-PERPETUAL.csv") +
                            " --instrument " + yaml + " -o " + dir.file("x.h5"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bad.yaml:4:1: lot_sise"), std::string::npos) << r.output;
}

TEST(ConvertCli, StrictErrorLeavesNoFileLenientRecordsRepairs) {
  TempDir dir;
  const auto book =
      dir.write("b.csv",
                "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n"
                "x,S,1000,1000,true,bid,100,5\n"
                "x,S,2000,2000,false,bid,100.25,1\n"
                "x,S,3000,3000,false,ask,101,-2\n"
                "x,S,4000,4000,false,ask,101,2\n");
  const std::string args = "convert --from tardis --book " + book +
                           " --symbol S --tick-size 0.5 --lot-size 1 -o " + dir.file("s.h5");
  Result r = run_tilt(args);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("tilt: error: " + book +
                          ":3: price: price 100.25 is not a multiple of tick 0.5"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.h5")));
  r = run_tilt(args + " --policy lenient");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("off_grid"), std::string::npos);
  const StoreMetadata meta = read_store_metadata(dir.file("s.h5"));
  EXPECT_EQ(meta.counters.at("repairs.off_grid"), 1);
  EXPECT_EQ(meta.counters.at("repairs.negative_size"), 1);
  EXPECT_EQ(meta.event_count, 4);
  r = run_tilt("info " + dir.file("s.h5"));
  EXPECT_NE(r.output.find("repairs.negative_size"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace tilt::test
