// Decoding a store chunk's stored bytes without HDF5's filter pipeline.
//
// HDF5's pipeline trusts sizes it reads from the file: a corrupt chunk index or filter mask can
// make it allocate gigabytes or copy a whole chunk out of a shorter buffer (both found by the store
// fuzz target, tests/fuzz/). For the filters tilt writes (shuffle, deflate, blosc, Fletcher32) the
// reader therefore fetches each chunk raw (H5Dread_chunk) and decodes it here, where every stage
// checks its sizes against the chunk's known size before touching memory. It is also the faster
// path: blosc decodes straight into the caller's buffer (bench/README.md).
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tilt::store_detail {

enum class ChunkFilter : std::uint8_t { shuffle, deflate, blosc, fletcher32 };

/// The store file opened a second time, for reading chunk bytes at the addresses HDF5's chunk
/// index gives.
class RawFile {
 public:
  RawFile() = default;
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;
  ~RawFile();
  bool open(const std::string& path);
  /// Reads exactly `bytes` bytes at `offset`; false on a short read or an error.
  bool read_at(unsigned char* out, std::size_t bytes, std::uint64_t offset) const;

 private:
  int fd_ = -1;
};

/// The size of the file's user block (bytes before the HDF5 superblock), 0 for tilt's stores.
std::uint64_t user_block_bytes(hid_t file);

/// A dataset's filters in the order they were applied when writing.
struct ChunkPipeline {
  struct Stage {
    ChunkFilter filter;
    std::size_t element_bytes = 0;  ///< shuffle: the record size it transposes
  };
  std::vector<Stage> stages;
};

/// The pipeline of the dataset creation property list `dcpl` when tilt decodes every filter in it
/// itself; nullopt when a filter is one tilt does not know (HDF5's pipeline reads those).
std::optional<ChunkPipeline> decodable_pipeline(hid_t dcpl);

/// Decodes one chunk's `stored` bytes into exactly `out.size()` bytes. `skipped` is HDF5's filter
/// mask for the chunk (bit i: stage i was not applied). Returns false, without writing past
/// `out` or reading past `stored`, when anything does not add up: a checksum mismatch, a corrupt
/// compressed stream, or a decoded size other than `out.size()`. `scratch` holds intermediate
/// stages and is reused between calls.
bool decode_chunk(const ChunkPipeline& pipeline, std::span<const unsigned char> stored,
                  std::uint32_t skipped, std::span<unsigned char> out,
                  std::vector<unsigned char> (&scratch)[2]);

}  // namespace tilt::store_detail
