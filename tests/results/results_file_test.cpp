#include "tilt/results/results_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

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

TEST(ResultsFile, PostedTasksRunInOrderAndWriteTheirTables) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  ResultsFile out(path);
  TableWriter& t = out.add_table({"ids", "", {{"id", ColumnType::int64, "", 0}}}, 4);
  std::vector<int> ran;
  // More tasks than may wait at once: post blocks until the writer catches up, order kept.
  for (int task = 0; task < 10; ++task) {
    out.post([&t, &ran, task] {
      ran.push_back(task);
      for (int k = 0; k < 3; ++k) t.append().set(0, static_cast<std::int64_t>(task * 3 + k));
    });
  }
  out.drain();
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(t.rows(), 30);
  t.rewrite(1).set(0, std::int64_t{-1});  // after drain() the caller uses the table again
  out.close();
  std::vector<std::int64_t> expected(30);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<std::int64_t>(i);
  expected[1] = -1;
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(read_table(path, "ids").columns[0].values),
            expected);
}

TEST(ResultsFile, ATaskErrorReachesTheCallerAndStopsTheFile) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  {
    ResultsFile out(path);
    int later_tasks_run = 0;
    std::promise<void> gate;  // holds the failing task until the second one is queued
    std::shared_future<void> open = gate.get_future().share();
    out.post([open] {
      open.wait();
      throw DataError("results.h5", "disk full");
    });
    out.post([&later_tasks_run] { ++later_tasks_run; });
    gate.set_value();
    try {
      out.drain();
      ADD_FAILURE() << "drain() passed over the task's error";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("disk full"), std::string::npos) << e.what();
    }
    EXPECT_EQ(later_tasks_run, 0);  // skipped after the first error
    EXPECT_THROW(out.post([] {}), DataError);
    EXPECT_THROW(out.close(), DataError);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // never closed: nothing at the path
}

TEST(ResultsFile, DroppedWithTasksQueuedLeavesNothing) {
  TempDir dir;
  {
    ResultsFile out(dir.file("results.h5"));
    TableWriter& t = out.add_table({"ids", "", {{"id", ColumnType::int64, "", 0}}}, 2);
    for (int task = 0; task < 6; ++task)
      out.post([&t] {
        for (int k = 0; k < 100; ++k) t.append().set(0, std::int64_t{k});
      });
  }  // the destructor stops the writer and removes the temporary file
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
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
