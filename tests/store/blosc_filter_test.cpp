// tilt's own blosc filter (core/src/store/blosc_filter.hpp) against the format of the standard
// hdf5-blosc plugin: tilt's chunks are plain blosc buffers with the plugin's cd_values, the
// plugin (run in h5repack, a separate process with the shared libhdf5) decodes them, tilt decodes
// the plugin's, and a corrupt chunk is a DataError naming the file and table.
#include <hdf5.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

using testing::TempDir;

constexpr H5Z_filter_t kBlosc = 32001;
constexpr std::size_t kChunkEvents = 4096;

std::uint32_t le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// The blosc filter's cd_values on `dataset` of `path` (empty when it has none).
std::vector<unsigned> blosc_params(const std::string& path, const std::string& dataset) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(file, 0) << path;
  const hid_t dset = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t dcpl = H5Dget_create_plist(dset);
  unsigned flags = 0;
  std::size_t count = 16;
  std::vector<unsigned> values(count);
  if (H5Pget_filter_by_id2(dcpl, kBlosc, &flags, &count, values.data(), 0, nullptr, nullptr) < 0)
    count = 0;
  values.resize(count);
  H5Pclose(dcpl);
  H5Dclose(dset);
  H5Fclose(file);
  return values;
}

// Every record of /events read through HDF5's filter pipeline (so through tilt's filter when
// the dataset is blosc-compressed), not through the store reader's direct chunk path.
std::vector<Event> events_through_hdf5(const std::string& path) {
  std::vector<Event> out;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(file, 0) << path;
  if (file < 0) return out;
  const hid_t dset = H5Dopen2(file, "/events", H5P_DEFAULT);
  const hid_t space = H5Dget_space(dset);
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space, &rows, nullptr);
  const hid_t type = H5Dget_type(dset);  // packed little-endian, 32 bytes: Event's layout here
  EXPECT_EQ(H5Tget_size(type), sizeof(Event));
  out.resize(rows);
  EXPECT_GE(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0) << path;
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(dset);
  H5Fclose(file);
  return out;
}

void expect_same_events(const std::vector<Event>& got, const std::vector<Event>& want) {
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(std::memcmp(got.data(), want.data(), want.size() * sizeof(Event)), 0);
}

// h5repack (HDF5's own tool, linked with the shared libhdf5) with the blosc plugin's folder:
// `filter` is its -f argument. Skips the test when the tool or the plugin is not installed.
bool repack_with_plugin(const std::string& from, const std::string& to, const std::string& filter) {
  const std::string tool = TILT_H5REPACK;
  const std::string plugins = TILT_HDF5_BLOSC_PLUGIN_DIR;
  if (tool.empty() || plugins.empty()) return false;
  const std::string command = "HDF5_PLUGIN_PATH='" + plugins + "' '" + tool + "' -f " + filter +
                              " '" + from + "' '" + to + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return true;
}

// A 10'000-event store (two full chunks and a partial one) written by tilt with blosc.
struct TiltStore {
  TempDir dir;
  std::string path = dir.file("tilt.h5");
  std::vector<Event> events = store_test::synthetic_sample(10'000, 17);
  TiltStore() {
    store_test::write(path, events, StoreOptions{Compression::blosc_lz4, kChunkEvents, false});
  }
};

TEST(BloscFilter, TiltWritesThePluginsParametersAndPlainBloscChunks) {
  TiltStore s;
  // {filter version 2, blosc format 2, type size, chunk bytes, level 5, byte shuffle, lz4}
  EXPECT_EQ(blosc_params(s.path, "/events"),
            (std::vector<unsigned>{2, 2, 32, kChunkEvents * 32, 5, 1, 1}));

  const hid_t file = H5Fopen(s.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t dset = H5Dopen2(file, "/events", H5P_DEFAULT);
  const hsize_t origin = 0;
  hsize_t stored = 0;
  ASSERT_GE(H5Dget_chunk_storage_size(dset, &origin, &stored), 0);
  std::vector<unsigned char> chunk(stored);
  std::uint32_t mask = 0;
  ASSERT_GE(H5Dread_chunk(dset, H5P_DEFAULT, &origin, &mask, chunk.data()), 0);
  H5Dclose(dset);
  H5Fclose(file);
  // blosc's 16-byte header: format version, codec version, flags, type size, then the decoded
  // size, block size and compressed size (little-endian) — the compressed size is the chunk's.
  ASSERT_GE(chunk.size(), 16u);
  EXPECT_EQ(chunk[0], 2);
  EXPECT_EQ(chunk[3], 32);
  EXPECT_EQ(le32(&chunk[4]), kChunkEvents * 32);
  EXPECT_EQ(le32(&chunk[12]), stored);
  EXPECT_LT(stored, kChunkEvents * 32);

  expect_same_events(events_through_hdf5(s.path), s.events);
  expect_same_events(store_test::read_all(s.path), s.events);
}

// The plugin decodes tilt's chunks (repacked to no filter), and tilt reads the result.
TEST(BloscFilter, ThePluginDecodesTiltsChunks) {
  TiltStore s;
  const std::string plain = s.dir.file("plain.h5");
  if (!repack_with_plugin(s.path, plain, "/events:NONE")) GTEST_SKIP() << "no h5repack/plugin";
  EXPECT_TRUE(blosc_params(plain, "/events").empty());
  expect_same_events(events_through_hdf5(plain), s.events);
  expect_same_events(store_test::read_all(plain), s.events);
}

// Chunks the plugin wrote, with other parameters than tilt's (level 9, bit shuffle, zstd), read
// through tilt's filter and through the store reader.
TEST(BloscFilter, TiltDecodesThePluginsChunks) {
  TiltStore s;
  const std::string repacked = s.dir.file("plugin.h5");
  if (!repack_with_plugin(s.path, repacked, "/events:UD=32001,0,7,0,0,0,0,9,2,5"))
    GTEST_SKIP() << "no h5repack/plugin";
  EXPECT_EQ(blosc_params(repacked, "/events"),
            (std::vector<unsigned>{2, 2, 32, kChunkEvents * 32, 9, 2, 5}));
  expect_same_events(events_through_hdf5(repacked), s.events);
  expect_same_events(store_test::read_all(repacked), s.events);
}

// A results table whose first chunk is damaged in `damage` ways: reading it is a DataError naming
// the file and the table, never a crash or silently wrong rows.
class CorruptChunk : public ::testing::TestWithParam<int> {};

TEST_P(CorruptChunk, IsADataErrorNamingFileAndTable) {
  TempDir dir;
  const std::string path = dir.file("results.h5");
  {
    ResultsFile out(path);
    TableWriter& t = out.add_table({"equity", "", {{"ts", ColumnType::int64, "ns", 0}}}, 1024);
    for (std::int64_t i = 0; i < 3000; ++i) t.append().set(0, 1'000'000 + i);
    out.close();
  }
  haddr_t address = 0;
  hsize_t size = 0;
  unsigned mask = 0;
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t dset = H5Dopen2(file, "/equity", H5P_DEFAULT);
    const hsize_t origin = 0;
    ASSERT_GE(H5Dget_chunk_info_by_coord(dset, &origin, &mask, &address, &size), 0);
    H5Dclose(dset);
    H5Fclose(file);
  }
  ASSERT_EQ(mask, 0u);  // the chunk went through blosc
  ASSERT_GE(size, 16u);
  std::vector<unsigned char> chunk(size);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(address));
  f.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(size));
  switch (GetParam()) {
    case 0:  // compressed size past the stored bytes
      chunk[12] = 0xff, chunk[13] = 0xff, chunk[14] = 0xff, chunk[15] = 0x0f;
      break;
    case 1:  // a decoded size shorter than the chunk
      chunk[4] = 8, chunk[5] = 0, chunk[6] = 0, chunk[7] = 0;
      break;
    default:  // every byte overwritten
      std::memset(chunk.data(), 0xff, chunk.size());
      break;
  }
  f.seekp(static_cast<std::streamoff>(address));
  f.write(reinterpret_cast<const char*>(chunk.data()), static_cast<std::streamsize>(size));
  f.close();
  try {
    read_table(path, "equity");
    FAIL() << "a corrupt chunk was read";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("equity"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Damage, CorruptChunk, ::testing::Values(0, 1, 2));

}  // namespace
}  // namespace tilt
