#include "tilt/store/event_store.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
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

// The stored size of the chunk holding event 0, as the file's chunk index records it.
hsize_t stored_size_of_first_chunk(const std::string& path) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  hsize_t offset = 0, stored = 0;
  H5Dget_chunk_storage_size(dset, &offset, &stored);
  H5Dclose(dset);
  H5Fclose(file);
  return stored;
}

// A corrupt chunk index claiming a chunk of gigabytes: HDF5 would allocate what it claims before
// reading (a libFuzzer out-of-memory finding); the reader rejects it first, on both read paths
// (blosc's direct chunk read and HDF5's filter pipeline).
class StoreChunkIndex : public ::testing::TestWithParam<Compression> {};

TEST_P(StoreChunkIndex, AChunkLargerThanTheFileIsADataError) {
  TempDir dir;
  const std::string path = dir.file("s.h5");
  write(path, sample_events(2'000), StoreOptions{GetParam(), 32 * 1024, /*checksum=*/true});
  const hsize_t stored = stored_size_of_first_chunk(path);
  ASSERT_GT(stored, 0u);
  std::vector<char> bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // HDF5 encodes the size little-endian in as few bytes as the chunk needs: find the one place
  // that holds it and set every byte of that field.
  std::size_t at = 0, width = 0;
  for (std::size_t w : {8u, 4u, 3u}) {
    std::vector<char> pattern(w);
    for (std::size_t i = 0; i < w; ++i) pattern[i] = static_cast<char>((stored >> (8 * i)) & 0xff);
    std::size_t found = 0;
    for (auto it = std::search(bytes.begin(), bytes.end(), pattern.begin(), pattern.end());
         it != bytes.end(); it = std::search(it + 1, bytes.end(), pattern.begin(), pattern.end())) {
      ++found;
      at = static_cast<std::size_t>(it - bytes.begin());
    }
    if (found == 1) {
      width = w;
      break;
    }
  }
  ASSERT_GT(width, 0u) << "the chunk size " << stored << " is not in the file exactly once";
  std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), width, static_cast<char>(0xff));
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const hsize_t claimed = stored_size_of_first_chunk(path);
  ASSERT_GT(claimed, bytes.size()) << "the poke did not reach the chunk index";
  EXPECT_EQ(error_of(path), path + ": /events chunk at event 0 claims " + std::to_string(claimed) +
                                " stored bytes, more than the file's " +
                                std::to_string(bytes.size()) + " (corrupt chunk index)");
}

INSTANTIATE_TEST_SUITE_P(CompressedStores, StoreChunkIndex,
                         ::testing::Values(Compression::deflate, Compression::blosc_lz4));

// Replaces the stored bytes of the chunk holding event 0 with `bytes`, recorded with `skipped` as
// its filter mask (bit i: filter i was not applied), as HDF5 lets a writer do.
void overwrite_first_chunk(const std::string& path, std::uint32_t skipped,
                           const std::vector<Event>& bytes_of, std::size_t byte_count) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  const hsize_t offset = 0;
  ASSERT_GE(H5Dwrite_chunk(dset, H5P_DEFAULT, skipped, &offset, byte_count, bytes_of.data()), 0);
  H5Dclose(dset);
  H5Fclose(file);
}

// A chunk whose filter mask says its compression was skipped holds the records as they are, and
// must then be exactly one chunk long. HDF5's own pipeline copied a whole chunk out of a shorter
// one (a heap overflow the store fuzz target found); tilt decodes such chunks itself.
class StoreSkippedFilters : public ::testing::TestWithParam<Compression> {};

TEST_P(StoreSkippedFilters, AWholeUncompressedChunkReadsBack) {
  TempDir dir;
  const std::string path = dir.file("s.h5");
  const auto events = sample_events(1'000);
  write(path, events, StoreOptions{GetParam(), 1'000, false});
  // Every filter skipped: the mask has a bit for each (shuffle + deflate, or blosc).
  overwrite_first_chunk(path, 0x3, events, events.size() * sizeof(Event));
  EXPECT_EQ(read_all(path), events);
}

TEST_P(StoreSkippedFilters, AShortUncompressedChunkIsADataError) {
  TempDir dir;
  const std::string path = dir.file("s.h5");
  const auto events = sample_events(1'000);
  write(path, events, StoreOptions{GetParam(), 1'000, false});
  overwrite_first_chunk(path, 0x3, events, 265);
  for (std::size_t batch : {std::size_t{1'000}, std::size_t{64}}) {
    try {
      StoreReader::Options options;
      options.batch_events = batch;
      read_all(path, options);
      ADD_FAILURE() << "batch " << batch << ": a short chunk was read";
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()),
                path + ":1: cannot read events 0.." + std::to_string(batch - 1) +
                    " (file truncated or corrupt, or its compression filter is missing)");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CompressedStores, StoreSkippedFilters,
                         ::testing::Values(Compression::deflate, Compression::blosc_lz4));

// HDF5 sizes a chunk's decode buffer from the declared chunk dimensions, so a store declaring
// chunks above kMaxChunkEvents is refused when opened, before any buffer is sized. Such a file is
// made here with HDF5 directly, its attributes copied from a store tilt wrote.
TEST(StoreBadInput, ChunksAboveTheLimitAreRefusedOnOpen) {
  TempDir dir;
  const std::string good = dir.file("good.h5");
  write(good, sample_events(10));
  const std::string huge = dir.file("huge.h5");
  hid_t src_file = H5Fopen(good.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t src = H5Dopen2(src_file, "events", H5P_DEFAULT);
  hid_t type = H5Dget_type(src);
  const hsize_t dims = 10, max_dims = H5S_UNLIMITED, chunk = kMaxChunkEvents + 1;
  hid_t space = H5Screate_simple(1, &dims, &max_dims);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, &chunk);
  hid_t dst_file = H5Fcreate(huge.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t dst = H5Dcreate2(dst_file, "events", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  ASSERT_GE(dst, 0);
  const int attributes = H5Aget_num_attrs(src);
  for (int i = 0; i < attributes; ++i) {
    hid_t attr = H5Aopen_by_idx(src, ".", H5_INDEX_NAME, H5_ITER_INC, static_cast<hsize_t>(i),
                                H5P_DEFAULT, H5P_DEFAULT);
    char name[256] = {};
    H5Aget_name(attr, sizeof name, name);
    hid_t attr_type = H5Aget_type(attr);
    hid_t attr_space = H5Aget_space(attr);
    // tilt writes fixed-size strings and numbers only: the raw bytes copy as they are.
    std::vector<char> value(H5Tget_size(attr_type) *
                            static_cast<std::size_t>(H5Sget_simple_extent_npoints(attr_space)));
    H5Aread(attr, attr_type, value.data());
    hid_t copy = H5Acreate2(dst, name, attr_type, attr_space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(copy, attr_type, value.data());
    H5Aclose(copy);
    H5Sclose(attr_space);
    H5Tclose(attr_type);
    H5Aclose(attr);
  }
  for (hid_t id : {dst, src}) H5Dclose(id);
  for (hid_t id : {dst_file, src_file}) H5Fclose(id);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Tclose(type);
  EXPECT_EQ(error_of(huge), huge + ": /events declares chunks of " + std::to_string(chunk) +
                                " events, above the limit of " + std::to_string(kMaxChunkEvents) +
                                " (corrupt file?)");
}

TEST(StoreBadInput, WriterRefusesChunksAboveTheLimit) {
  TempDir dir;
  StoreOptions options;
  options.chunk_events = kMaxChunkEvents + 1;
  try {
    write(dir.file("w.h5"), sample_events(10), options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "store chunk size " + std::to_string(kMaxChunkEvents + 1) +
                                         " events is above the limit of " +
                                         std::to_string(kMaxChunkEvents));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("w.h5")));
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
