// Reference tests for the latency models (tilt/sim/latency.hpp), numbers worked by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tilt/sim/latency.hpp"

namespace tilt {
namespace {

TEST(Latency, Constant) {
  LatencyModel m = ConstantLatency{300, 200};
  const EntryLatency e = entry_latency(m, 12345);
  EXPECT_EQ(e.entry, 300);
  EXPECT_EQ(e.response, 200);
  EXPECT_FALSE(e.rejected);
  EXPECT_EQ(response_latency(m, 999), 200);
}

// Rows (req, exch, resp):  A (1000, 1100, 1300): entry 100, response 200
//                          B (2000, 2300, 2400): entry 300, response 100
//                          C (3000,    0, 3500): rejection, answered after 500
//                          D (4000, 4050, 4100): entry 50, response 50
std::vector<LatencyRow> rows() {
  return {{1000, 1100, 1300}, {2000, 2300, 2400}, {3000, 0, 3500}, {4000, 4050, 4100}};
}

TEST(Latency, RecordedInterpolates) {
  RecordedLatency m(rows());
  auto e = m.entry(500);  // before A: A as is
  EXPECT_EQ(e.entry, 100);
  EXPECT_EQ(e.response, 200);
  e = m.entry(1000);  // exactly A
  EXPECT_EQ(e.entry, 100);
  e = m.entry(1500);  // w = 0.5 between A and B: entry 200, response 150
  EXPECT_EQ(e.entry, 200);
  EXPECT_EQ(e.response, 150);
  e = m.entry(1750);  // w = 0.75: entry 0.25 x 100 + 0.75 x 300 = 250; response 125
  EXPECT_EQ(e.entry, 250);
  EXPECT_EQ(e.response, 125);
  e = m.entry(2500);  // after B, next row is a rejection: B as is
  EXPECT_EQ(e.entry, 300);
  EXPECT_EQ(e.response, 100);
  EXPECT_FALSE(e.rejected);
  e = m.entry(3200);  // governed by C: rejected, answer after 500
  EXPECT_TRUE(e.rejected);
  EXPECT_EQ(e.response, 500);
  e = m.entry(5000);  // after D: D as is
  EXPECT_EQ(e.entry, 50);
  EXPECT_FALSE(e.rejected);
  e = m.entry(1500);  // time going backwards still works (binary search)
  EXPECT_EQ(e.entry, 200);
}

TEST(Latency, RecordedResponseSkipsRejections) {
  RecordedLatency m(rows());
  EXPECT_EQ(m.response(1500), 150);  // interpolated between A and B
  EXPECT_EQ(m.response(3200), 100);  // C is a rejection: back to B's 100
  EXPECT_EQ(m.response(4500), 50);
}

TEST(Latency, CsvLoadsAndReportsBadRows) {
  const auto dir = std::filesystem::temp_directory_path() / "tilt_latency_test";
  std::filesystem::create_directories(dir);
  const auto good = (dir / "good.csv").string();
  {
    std::ofstream f(good);
    f << "exch_ts,req_ts,resp_ts,note\n1100,1000,1300,x\n2300,2000,2400,y\n";
  }
  RecordedLatency m = RecordedLatency::from_csv(good);
  ASSERT_EQ(m.rows().size(), 2u);
  EXPECT_EQ(m.rows()[1].exch_ts, 2300);
  EXPECT_EQ(m.entry(1500).entry, 200);

  const auto bad = (dir / "bad.csv").string();
  {
    std::ofstream f(bad);
    f << "req_ts,exch_ts,resp_ts\n1000,1100,1300\n2000,abc,2400\n";
  }
  try {
    RecordedLatency::from_csv(bad);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.field(), "exch_ts");
  }
  const auto unordered = (dir / "unordered.csv").string();
  {
    std::ofstream f(unordered);
    f << "req_ts,exch_ts,resp_ts\n2000,2100,2300\n1000,1100,1300\n";
  }
  EXPECT_THROW(RecordedLatency::from_csv(unordered), DataError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tilt
