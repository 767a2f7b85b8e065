#include "tilt/results/table_writer.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

using testing::TempDir;

TableSpec fills_spec() {
  return {"fills",
          "one row per fill",
          {{"ts", ColumnType::int64, "ns since epoch", 0},
           {"price", ColumnType::real, "price", 0},
           {"side", ColumnType::text, "", 4}}};
}

// 2.5 chunks of rows come back in order, with their values, whatever the compression.
TEST(TableWriter, RowsCrossChunksAndComeBackInOrder) {
  for (Compression compression :
       {Compression::blosc_lz4, Compression::deflate, Compression::none}) {
    TempDir dir;
    const std::string path = dir.file("results.h5");
    ResultsFile out(path, compression);
    TableWriter& fills = out.add_table(fills_spec(), 4);
    for (std::int64_t i = 0; i < 10; ++i) {
      fills.append()
          .set(0, 1000 + i)
          .set(1, 0.5 * static_cast<double>(i))
          .set(2, i % 3 == 0 ? "sell" : "buy");
    }
    EXPECT_EQ(fills.rows(), 10);
    out.close();

    const Table back = read_table(path, "fills");
    ASSERT_EQ(back.rows(), 10u);
    const auto& ts = std::get<std::vector<std::int64_t>>(back.columns[0].values);
    const auto& price = std::get<std::vector<double>>(back.columns[1].values);
    const auto& side = std::get<std::vector<std::string>>(back.columns[2].values);
    for (std::size_t i = 0; i < 10; ++i) {
      EXPECT_EQ(ts[i], 1000 + static_cast<std::int64_t>(i));
      EXPECT_EQ(price[i], 0.5 * static_cast<double>(i));
      EXPECT_EQ(side[i], i % 3 == 0 ? "sell" : "buy");
    }
  }
}

// A table of a few bytes (a chunk blosc cannot shrink) is kept, not dropped.
TEST(TableWriter, ATinyTableIsKept) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  ResultsFile out(path);
  TableWriter& t = out.add_table({"t", "", {{"n", ColumnType::int64, "", 0}}}, 3);
  for (std::int64_t i = 0; i < 3; ++i) t.append().set(0, 10 + i);
  out.close();
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(read_table(path, "t").columns[0].values),
            (std::vector<std::int64_t>{10, 11, 12}));
}

TEST(TableWriter, EmptyTableExistsWithNoRows) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  ResultsFile out(path);
  out.add_table(fills_spec());
  out.close();
  EXPECT_EQ(read_table(path, "fills").rows(), 0u);
}

TEST(TableWriter, TextLongerThanItsColumnAndWrongTypesAreRefused) {
  TempDir dir;
  ResultsFile out(dir.file("results.h5"));
  TableWriter& fills = out.add_table(fills_spec());
  EXPECT_THROW(fills.append().set(2, "short"), Error);  // 5 bytes in a 4-byte column
  EXPECT_THROW(fills.append().set(0, 1.5), Error);      // a double in the int64 column
  EXPECT_THROW(fills.append().set(7, std::int64_t{1}), Error);
}

// A run that dies before close leaves no file at the final path, and no temporary file either.
TEST(TableWriter, AnUnclosedFileLeavesNothing) {
  TempDir dir;
  {
    ResultsFile out(dir.file("results.h5"));
    TableWriter& fills = out.add_table(fills_spec(), 2);
    for (std::int64_t i = 0; i < 5; ++i) fills.append().set(0, i);  // two chunks on disk
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace tilt
