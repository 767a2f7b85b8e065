#include "tilt/results/results_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/results/atomic_file.hpp"

namespace tilt {
namespace {

using testing::TempDir;

Table sample_fills() {
  Table t;
  t.name = "fills";
  t.description = "one row per fill";
  t.int_column("ts", "ns since epoch") = {10, 20, 30};
  t.int_column("price", "ticks") = {100, 101, 99};
  t.real_column("markout_1s", "ticks") = {0.5, -1.25, 0.0};
  t.text_column("side") = {"buy", "sell", "buy"};
  return t;
}

TEST(ResultsFile, TablesRoundTripWithTheirTypes) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  ResultsFile out(path);
  out.write(sample_fills());
  Table empty;
  empty.name = "orders";
  empty.int_column("id", "");
  out.write(empty);
  out.set_attribute("symbol", std::string("SYNTH"));
  out.close();
  const Table back = read_table(path, "fills");
  ASSERT_EQ(back.columns.size(), 4u);
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(back.columns[0].values),
            (std::vector<std::int64_t>{10, 20, 30}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(back.columns[1].values),
            (std::vector<std::int64_t>{100, 101, 99}));
  EXPECT_EQ(std::get<std::vector<double>>(back.columns[2].values),
            (std::vector<double>{0.5, -1.25, 0.0}));
  EXPECT_EQ(std::get<std::vector<std::string>>(back.columns[3].values),
            (std::vector<std::string>{"buy", "sell", "buy"}));
  EXPECT_EQ(read_table(path, "orders").rows(), 0u);
  EXPECT_THROW(read_table(path, "nope"), DataError);
}

TEST(ResultsFile, NothingAppearsUnlessClosed) {
  TempDir dir;
  {
    ResultsFile out(dir.file("results.h5"));
    out.write(sample_fills());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ResultsFile, RaggedColumnsAreRefused) {
  TempDir dir;
  Table t = sample_fills();
  t.int_column("ts", "").push_back(40);
  ResultsFile out(dir.file("r.h5"));
  EXPECT_THROW(out.write(t), Error);
}

TEST(AtomicFile, WritesWholeAndReplaces) {
  TempDir dir;
  const std::string path = dir.file("summary.json");
  write_file_atomically(path, "{\"a\": 1}\n");
  write_file_atomically(path, "{\"a\": 2}\n");
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), "{\"a\": 2}\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
  EXPECT_THROW(write_file_atomically(dir.file("missing/dir/x.json"), "x"), Error);
}

}  // namespace
}  // namespace tilt
