// A store read that fails on the prefetch thread reports one tilt::DataError and prints nothing:
// Debian's HDF5 is the thread-safe build, whose error stack (and its printing to stderr) is per
// thread, so the prefetch thread must silence it too. The store gets a Fletcher32 checksum and one
// byte of one chunk is flipped, so HDF5's own pipeline (not tilt's validation) is what fails.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>
#include <string>

#include "adapters/synthetic/generator.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

// HDF5's leaks on corrupt-file error paths are suppressed for this whole binary in
// store_mutation_test.cpp (one __lsan_default_suppressions per program).

namespace tilt {
namespace {

using testing::TempDir;

constexpr std::size_t kChunkEvents = 1024;

// Flips one byte in the middle of chunk `index` of /events (its address from HDF5 itself).
void corrupt_chunk(const std::string& path, hsize_t index) {
  haddr_t address = 0;
  hsize_t size = 0;
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t dataset = H5Dopen2(file, "/events", H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    hsize_t offset[1] = {0};
    unsigned filter_mask = 0;
    const hid_t space = H5Dget_space(dataset);
    ASSERT_GE(H5Dget_chunk_info(dataset, space, index, offset, &filter_mask, &address, &size), 0);
    H5Sclose(space);
    H5Dclose(dataset);
    H5Fclose(file);
  }
  ASSERT_GT(size, 0u);
  std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
  io.seekg(static_cast<std::streamoff>(address + size / 2));
  char byte = 0;
  io.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x5a);
  io.seekp(static_cast<std::streamoff>(address + size / 2));
  io.write(&byte, 1);
  ASSERT_TRUE(io.good());
}

// Reads the whole store; returns what it printed to stderr, and the error's text in `error`.
std::string read_capturing_stderr(const std::string& path, bool prefetch, std::string& error) {
  ::testing::internal::CaptureStderr();
  try {
    for_each_batch(
        path, [](std::span<const Event>) {}, StoreReader::Options{kChunkEvents, prefetch});
  } catch (const DataError& e) {
    error = e.what();
  }
  return ::testing::internal::GetCapturedStderr();
}

TEST(StoreThreadErrors, AFailingReadOnThePrefetchThreadPrintsNothing) {
  TempDir dir;
  const std::string path = dir.file("store.h5");
  synthetic::Params params;
  params.events = 20'000;
  params.seed = 7;
  synthetic::write_store(params, path,
                         StoreOptions{Compression::deflate, kChunkEvents, /*checksum=*/true});
  corrupt_chunk(path, 5);

  for (const bool prefetch : {true, false}) {
    std::string error;
    const std::string printed = read_capturing_stderr(path, prefetch, error);
    EXPECT_EQ(error.rfind(path, 0), 0u) << "prefetch " << prefetch << ": " << error;
    EXPECT_EQ(printed, "") << "prefetch " << prefetch;
  }
}

}  // namespace
}  // namespace tilt
