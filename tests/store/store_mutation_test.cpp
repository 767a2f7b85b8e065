// Mutation test of the store reader: copies of a small synthetic store with random bytes changed
// (deterministic seeds) are read in-process and through `tilt info` and `tilt book`. Every outcome
// must be success or a tilt::Error (exit 0, or exit 1 with one "tilt: error: <file>..." line):
// never another exception, an internal error (exit 3), a sanitizer report or a crash.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "support/run_tilt.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

// LeakSanitizer (sanitizer builds): HDF5's own leaks on corrupt-file error paths are not findings
// (the same patterns as tests/support/lsan_hdf5.supp, which the tilt processes below are given).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libhdf5_serial.so\nleak:H5MM_\nleak:H5FL_\n";
}

namespace tilt {
namespace {

using testing::TempDir;

constexpr int kMutantsPerStore = 120;
constexpr int kCliEvery = 4;  // every fourth mutant also goes through the tilt binary

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Changes 1-4 bytes. Half the mutants aim at the first 4 KiB, where HDF5 keeps the superblock,
// object headers and attributes; the others hit anywhere, which is mostly chunk data.
std::vector<char> mutate(std::vector<char> bytes, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::size_t span =
      (seed % 2 == 0) ? std::min<std::size_t>(bytes.size(), 4096) : bytes.size();
  const int changes = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < changes; ++i) {
    const std::size_t at = rng() % span;
    const auto flip = static_cast<char>(1 + rng() % 255);  // never 0: the byte always changes
    bytes[at] = static_cast<char>(bytes[at] ^ flip);
  }
  return bytes;
}

enum class Outcome { read, data_error };

// Reads the whole store; anything but success or a tilt::Error fails the test.
Outcome read_in_process(const std::string& path, std::uint64_t seed) {
  try {
    for_each_batch(path, [](std::span<const Event>) {});
    return Outcome::read;
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path, 0), 0u)
        << "seed " << seed << ": error does not start with the file: " << e.what();
    return Outcome::data_error;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "seed " << seed << ": not a tilt::Error: " << e.what();
    return Outcome::data_error;
  }
}

void expect_user_outcome(const testing::TiltResult& r, const std::string& path,
                         const std::string& what, std::uint64_t seed) {
  if (r.status == 0) return;
  EXPECT_EQ(r.status, 1) << what << " seed " << seed << ": " << r.output;
  EXPECT_EQ(r.output.rfind("tilt: error: " + path, 0), 0u)
      << what << " seed " << seed << ": " << r.output;
  EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "one line: " << r.output;
}

struct StoreSetup {
  const char* name;
  StoreOptions options;
};

class StoreMutants : public ::testing::TestWithParam<StoreSetup> {};

TEST_P(StoreMutants, EndInSuccessOrAUserErrorNeverACrash) {
  TempDir dir;
  const std::string original = dir.file("original.h5");
  synthetic::Params params;
  params.events = 20'000;
  params.seed = 5;
  synthetic::write_store(params, original, GetParam().options);
  // The same suppression for the tilt processes started below.
  ::setenv("LSAN_OPTIONS",
           "suppressions=" TILT_SOURCE_DIR "/tests/support/lsan_hdf5.supp:print_suppressions=0", 1);
  const std::vector<char> bytes = read_bytes(original);
  ASSERT_GT(bytes.size(), 4096u);

  int rejected = 0;
  for (int i = 0; i < kMutantsPerStore; ++i) {
    const auto seed = static_cast<std::uint64_t>(1'000 + i);
    const std::string path = dir.file("mutant_" + std::to_string(seed) + ".h5");
    write_bytes(path, mutate(bytes, seed));
    if (read_in_process(path, seed) == Outcome::data_error) ++rejected;
    if (i % kCliEvery == 0) {
      expect_user_outcome(testing::run_tilt("info " + path), path, "info", seed);
      expect_user_outcome(testing::run_tilt("book " + path + " --csv " + dir.file("book.csv")),
                          path, "book", seed);
    }
    std::filesystem::remove(path);
  }
  // The mutations must reach the checks: some mutants are rejected (and the rest read).
  EXPECT_GT(rejected, 0);
  RecordProperty("rejected", rejected);
}

INSTANTIATE_TEST_SUITE_P(
    Compressions, StoreMutants,
    ::testing::Values(StoreSetup{"blosc_lz4_default", StoreOptions{}},
                      StoreSetup{"blosc_lz4_4k_chunks", StoreOptions{Compression::blosc_lz4, 4096}},
                      StoreSetup{"none_4k_chunks", StoreOptions{Compression::none, 4096}},
                      StoreSetup{"deflate_4k_chunks", StoreOptions{Compression::deflate, 4096}}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace tilt
