#include "store/blosc_filter.hpp"

#include <blosc.h>

#include <cstddef>
#include <cstdint>

#include "store/hdf5_handle.hpp"

namespace tilt::hdf5 {
namespace {

// cd_values slots (see the header).
constexpr unsigned kFilterVersion = 2;
constexpr std::size_t kReservedSlots = 4;
constexpr std::size_t kMaxSlots = 8;
constexpr unsigned kDefaultLevel = 5;
constexpr unsigned kDefaultShuffle = BLOSC_SHUFFLE;
constexpr unsigned kDefaultCompressor = BLOSC_BLOSCLZ;

// Called by HDF5 when a dataset using the filter is created: records the versions, the element
// size blosc shuffles by and the chunk's uncompressed size, as the plugin does.
herr_t set_local(hid_t dcpl, hid_t type, hid_t /*space*/) {
  unsigned flags = 0;
  std::size_t count = kMaxSlots;
  unsigned values[kMaxSlots] = {};
  if (H5Pget_filter_by_id2(dcpl, kBloscFilter, &flags, &count, values, 0, nullptr, nullptr) < 0)
    return -1;
  if (count < kReservedSlots) count = kReservedSlots;
  if (count > kMaxSlots) count = kMaxSlots;

  std::size_t type_size = H5Tget_size(type);
  if (type_size == 0) return -1;
  if (H5Tget_class(type) == H5T_ARRAY) {  // an array type shuffles by its element's size
    const hid_t base = H5Tget_super(type);
    if (base < 0) return -1;
    type_size = H5Tget_size(base);
    H5Tclose(base);
    if (type_size == 0) return -1;
  }
  if (type_size > BLOSC_MAX_TYPESIZE) type_size = 1;

  hsize_t dims[H5S_MAX_RANK] = {};
  const int rank = H5Pget_chunk(dcpl, H5S_MAX_RANK, dims);
  if (rank <= 0) return -1;
  std::uint64_t chunk_bytes = type_size;
  for (int i = 0; i < rank; ++i) chunk_bytes *= dims[i];
  if (chunk_bytes > BLOSC_MAX_BUFFERSIZE) return -1;

  values[0] = kFilterVersion;
  values[1] = BLOSC_VERSION_FORMAT;
  values[2] = static_cast<unsigned>(type_size);
  values[3] = static_cast<unsigned>(chunk_bytes);
  return H5Pmodify_filter(dcpl, kBloscFilter, flags, count, values);
}

// Returns the new size of *buf (0 on failure: HDF5 then fails the read, or for an optional filter
// on write stores the chunk unfiltered). The buffers are HDF5's, allocated and freed with its
// H5allocate_memory / H5free_memory.
std::size_t filter(unsigned flags, std::size_t cd_count, const unsigned cd_values[],
                   std::size_t nbytes, std::size_t* buf_size, void** buf) {
  if ((flags & H5Z_FLAG_REVERSE) == 0) {
    const std::size_t type_size = cd_count > 2 && cd_values[2] > 0 ? cd_values[2] : 1;
    const int level = static_cast<int>(cd_count > 4 ? cd_values[4] : kDefaultLevel);
    const int shuffle = static_cast<int>(cd_count > 5 ? cd_values[5] : kDefaultShuffle);
    const int code = static_cast<int>(cd_count > 6 ? cd_values[6] : kDefaultCompressor);
    const char* compressor = nullptr;
    if (blosc_compcode_to_compname(code, &compressor) < 0 || compressor == nullptr) return 0;
    // The output may be no longer than the input: a chunk blosc cannot shrink fails the filter.
    void* out = H5allocate_memory(nbytes, false);
    if (out == nullptr) return 0;
    const int written =
        blosc_compress_ctx(level, shuffle, type_size, nbytes, *buf, out, nbytes, compressor, 0, 1);
    if (written <= 0) {
      H5free_memory(out);
      return 0;
    }
    H5free_memory(*buf);
    *buf = out;
    *buf_size = nbytes;
    return static_cast<std::size_t>(written);
  }

  // Reading: the header must describe a buffer that fits in the `nbytes` stored (validate never
  // reads past them), and it must decode to at least the chunk's size, since HDF5 then reads a
  // whole chunk from the buffer.
  std::size_t decoded = 0;
  if (blosc_cbuffer_validate(*buf, nbytes, &decoded) != 0 || decoded == 0) return 0;
  if (cd_count > 3 && cd_values[3] > 0 && decoded < cd_values[3]) return 0;
  void* out = H5allocate_memory(decoded, false);
  if (out == nullptr) return 0;
  const int got = blosc_decompress_ctx(*buf, out, decoded, 1);
  if (got <= 0 || static_cast<std::size_t>(got) != decoded) {
    H5free_memory(out);
    return 0;
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = decoded;
  return decoded;
}

const H5Z_class2_t kBloscClass = {
    H5Z_CLASS_T_VERS, kBloscFilter, 1, 1, "blosc", nullptr, set_local, filter,
};

}  // namespace

herr_t register_blosc_filter() {
  return H5Zregister(&kBloscClass);
}

}  // namespace tilt::hdf5
