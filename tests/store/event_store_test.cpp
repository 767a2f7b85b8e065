#include "tilt/store/event_store.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"

namespace tilt {
namespace {

using testing::TempDir;

using store_test::read_all;
using store_test::write;

std::vector<Event> sample_events(std::int64_t n) {
  return store_test::synthetic_sample(n, 7);
}

class StoreRoundTrip : public ::testing::TestWithParam<Compression> {};

TEST_P(StoreRoundTrip, EveryEventComesBackBitIdenticalAcrossChunkBoundaries) {
  TempDir dir;
  const auto events = sample_events(10'000);
  StoreOptions options;
  options.compression = GetParam();
  options.chunk_events =
      1'000;  // many chunks, last one partial? 10 exactly; see the odd batch below
  write(dir.file("a.h5"), events, options);
  // Batches that do not line up with chunks, with and without the prefetch thread.
  for (bool prefetch : {false, true}) {
    StoreReader::Options ro;
    ro.batch_events = 777;
    ro.prefetch = prefetch;
    EXPECT_EQ(read_all(dir.file("a.h5"), ro), events) << "prefetch=" << prefetch;
  }
  const StoreMetadata meta = read_store_metadata(dir.file("a.h5"));
  EXPECT_EQ(meta.event_count, 10'000);
  EXPECT_EQ(meta.compression, GetParam());
  EXPECT_EQ(meta.chunk_events, 1'000u);
  EXPECT_EQ(meta.instrument.symbol, "SYNTH");
  EXPECT_EQ(meta.instrument.tick_size, (Decimal{1, 2}));
  EXPECT_EQ(meta.schema_version, kStoreSchemaVersionWithoutFlags);
}

INSTANTIATE_TEST_SUITE_P(AllCompressions, StoreRoundTrip,
                         ::testing::Values(Compression::none, Compression::deflate,
                                           Compression::blosc_lz4));

TEST(Store, MetadataCountersAndTextRoundTrip) {
  TempDir dir;
  Instrument ins;
  ins.symbol = "BTC-PERPETUAL";
  ins.tick_size = *Decimal::parse("0.5");
  ins.lot_size = *Decimal::parse("10");
  ins.contract_multiplier = 1.0;
  ins.maker_fee = -0.0001;
  ins.taker_fee = 0.0005;
  StoreWriter writer(dir.file("m.h5"), ins);
  writer.append(sample_events(5));
  writer.set_counter("repairs.crossed_book", 3);
  writer.set_text("source", "tardis");
  writer.close();
  const StoreMetadata meta = read_store_metadata(dir.file("m.h5"));
  EXPECT_EQ(meta.event_count, 5);
  EXPECT_EQ(meta.instrument.symbol, "BTC-PERPETUAL");
  EXPECT_EQ(meta.instrument.tick_size.to_string(), "0.5");
  EXPECT_EQ(meta.instrument.lot_size.to_string(), "10");
  EXPECT_DOUBLE_EQ(meta.instrument.maker_fee, -0.0001);
  EXPECT_DOUBLE_EQ(meta.instrument.taker_fee, 0.0005);
  EXPECT_EQ(meta.counters.at("repairs.crossed_book"), 3);
  EXPECT_EQ(meta.text.at("source"), "tardis");
}

TEST(Store, EmptyStoreReadsAsNoBatches) {
  TempDir dir;
  write(dir.file("empty.h5"), {});
  StoreReader reader(dir.file("empty.h5"));
  EXPECT_TRUE(reader.next_batch().empty());
  EXPECT_EQ(reader.metadata().event_count, 0);
}

TEST(Store, RewindRestartsFromTheFirstEvent) {
  TempDir dir;
  const auto events = sample_events(3'000);
  write(dir.file("r.h5"), events);
  StoreReader::Options ro;
  ro.batch_events = 1'000;
  StoreReader reader(dir.file("r.h5"), ro);
  auto first = reader.next_batch();
  ASSERT_EQ(first.size(), 1'000u);
  EXPECT_EQ(first[0], events[0]);
  reader.next_batch();
  reader.rewind();
  auto again = reader.next_batch();
  ASSERT_EQ(again.size(), 1'000u);
  EXPECT_EQ(again[999], events[999]);
}

TEST(Store, WriterDestroyedWithoutCloseLeavesNothing) {
  TempDir dir;
  {
    StoreWriter writer(dir.file("half.h5"), synthetic::synthetic_instrument());
    writer.append(sample_events(100'000));  // several chunks already on disk in the temp file
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()))
      << "a temp file or a partial store was left behind";
}

TEST(Store, CloseReplacesAnExistingFileOnlyWhenComplete) {
  TempDir dir;
  write(dir.file("x.h5"), sample_events(10));
  {
    StoreWriter writer(dir.file("x.h5"), synthetic::synthetic_instrument());
    writer.append(sample_events(20));
    // no close: simulated crash
  }
  EXPECT_EQ(read_store_metadata(dir.file("x.h5")).event_count, 10);
}

// ---- bad input: each a clear error naming the path and the problem ----

std::string error_of(const std::string& path) {
  try {
    StoreReader reader(path);
    reader.next_batch();
  } catch (const DataError& e) {
    EXPECT_EQ(e.file(), path);
    return e.what();
  }
  return "no error";
}

TEST(StoreBadInput, MissingFile) {
  TempDir dir;
  EXPECT_EQ(error_of(dir.file("nope.h5")), dir.file("nope.h5") + ": no such file");
}

TEST(StoreBadInput, NotHdf5) {
  TempDir dir;
  std::ofstream(dir.file("text.h5")) << "exchange,symbol,timestamp\n";
  EXPECT_EQ(error_of(dir.file("text.h5")), dir.file("text.h5") + ": not an HDF5 file");
}

TEST(StoreBadInput, Hdf5WithoutEventsDataset) {
  TempDir dir;
  const std::string path = dir.file("other.h5");
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose(file);
  EXPECT_EQ(error_of(path), path + ": no /events dataset: not a tilt event store");
}

TEST(StoreBadInput, WrongSchemaVersion) {
  TempDir dir;
  const std::string path = dir.file("v2.h5");
  write(path, sample_events(10));
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  hid_t attr = H5Aopen(dset, "schema_version", H5P_DEFAULT);
  const std::int64_t version = 99;
  H5Awrite(attr, H5T_NATIVE_INT64, &version);
  H5Aclose(attr);
  H5Dclose(dset);
  H5Fclose(file);
  EXPECT_EQ(error_of(path), path + ": schema version 99, this tilt reads versions 1 to 2");
}

TEST(StoreBadInput, TruncatedFile) {
  TempDir dir;
  const std::string whole = dir.file("whole.h5");
  write(whole, sample_events(200'000));
  const auto size = std::filesystem::file_size(whole);
  const std::string cut = dir.file("cut.h5");
  std::filesystem::copy_file(whole, cut);
  std::filesystem::resize_file(cut, size / 2);
  const std::string message = error_of(cut);
  EXPECT_NE(message.find(cut + ": "), std::string::npos) << message;
  EXPECT_NE(message.find("truncated or corrupt"), std::string::npos) << message;
}

TEST(StoreBadInput, UnknownCompressionNameListsTheValidOnes) {
  try {
    compression_from_string("zip");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unknown compression 'zip': expected one of none, deflate, blosc_lz4");
  }
}

}  // namespace
}  // namespace tilt
