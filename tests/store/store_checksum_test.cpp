// Fletcher32 chunk checksums (StoreOptions::checksum): the reader's own check agrees with HDF5's
// filter, and a plausible-looking change to chunk data is an error instead of a different number.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "core/src/store/fletcher32.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

using testing::TempDir;

using store_test::read_all;
using store_test::write;

std::vector<Event> sample_events(std::int64_t n) {
  return store_test::synthetic_sample(n, 3);
}

TEST(Fletcher32, HandComputedValues) {
  // "abcd" as big-endian words 0x6162, 0x6364: sum1 = 0xc4c6, sum2 = 0x6162 + 0xc4c6 = 0x12628,
  // folded to 0x2629.
  const unsigned char abcd[] = {'a', 'b', 'c', 'd', 'e'};
  EXPECT_EQ(store_detail::fletcher32(abcd, 4), 0x2629c4c6u);
  // An odd last byte is the high half of a word (0x6500): sum1 = 0x129c6 -> 0x29c7,
  // sum2 = 0x2629 + 0x129c6 = 0x14fef -> 0x4ff0.
  EXPECT_EQ(store_detail::fletcher32(abcd, 5), 0x4ff029c7u);
  EXPECT_EQ(store_detail::fletcher32(abcd, 0), 0u);
}

TEST(Fletcher32, MatchesTheChecksumHdf5StoresInEveryChunk) {
  TempDir dir;
  const std::string path = dir.file("c.h5");
  write(path, sample_events(100'000), StoreOptions{Compression::blosc_lz4, 8192, true});
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  int chunks = 0;
  for (hsize_t offset = 0; offset < 100'000; offset += 8192, ++chunks) {
    hsize_t stored = 0;
    ASSERT_GE(H5Dget_chunk_storage_size(dset, &offset, &stored), 0);
    std::vector<unsigned char> bytes(stored);
    std::uint32_t mask = 0;
    ASSERT_GE(H5Dread_chunk(dset, H5P_DEFAULT, &offset, &mask, bytes.data()), 0);
    EXPECT_EQ(mask, 0u);
    EXPECT_TRUE(store_detail::fletcher32_matches(bytes.data(), bytes.size())) << offset;
    bytes[stored / 2] ^= 0x10;
    EXPECT_FALSE(store_detail::fletcher32_matches(bytes.data(), bytes.size())) << offset;
  }
  EXPECT_EQ(chunks, 13);
  H5Dclose(dset);
  H5Fclose(file);
}

class ChecksummedStore : public ::testing::TestWithParam<Compression> {};

TEST_P(ChecksummedStore, ReadsBackBitIdentical) {
  TempDir dir;
  const auto events = sample_events(50'000);
  write(dir.file("c.h5"), events, StoreOptions{GetParam(), 4096, true});
  EXPECT_EQ(read_all(dir.file("c.h5")), events);
}

INSTANTIATE_TEST_SUITE_P(AllCompressions, ChecksummedStore,
                         ::testing::Values(Compression::none, Compression::deflate,
                                           Compression::blosc_lz4));

// Changes one size by one lot inside chunk 0 (event 3's qty): a valid event either way.
void flip_a_size(const std::string& path, const std::vector<Event>& events) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  const hsize_t origin = 0;
  haddr_t address = 0;
  hsize_t size = 0;
  unsigned mask = 0;
  H5Dget_chunk_info_by_coord(dset, &origin, &mask, &address, &size);
  H5Dclose(dset);
  H5Fclose(file);
  EXPECT_GT(events[3].qty, 1);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  const auto at = static_cast<std::streamoff>(address + 3 * sizeof(Event) + offsetof(Event, qty));
  f.seekg(at);
  char byte = 0;
  f.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x01);
  f.seekp(at);
  f.write(&byte, 1);
}

TEST(ChecksummedStore, ACorruptedSizeIsAnErrorOnlyWithTheChecksum) {
  TempDir dir;
  const auto events = sample_events(10'000);
  // Uncompressed, so the changed byte is the size itself.
  const std::string plain = dir.file("plain.h5");
  write(plain, events, StoreOptions{Compression::none, 4096, false});
  flip_a_size(plain, events);
  const auto read = read_all(plain);
  ASSERT_EQ(read.size(), events.size());
  EXPECT_EQ(read[3].qty, events[3].qty ^ 1) << "without a checksum the change goes unnoticed";

  const std::string checked = dir.file("checked.h5");
  write(checked, events, StoreOptions{Compression::none, 4096, true});
  flip_a_size(checked, events);
  try {
    read_all(checked);
    FAIL() << "a corrupted chunk was read";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              checked +
                  ":1: cannot read events 0..9999 (file truncated or corrupt, or its "
                  "compression filter is missing)");
  }
}

}  // namespace
}  // namespace tilt
