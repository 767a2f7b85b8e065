#include "store/chunk_decoder.hpp"

#include <blosc.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "store/fletcher32.hpp"
#include "store/hdf5_handle.hpp"

namespace tilt::store_detail {
namespace {

// Compressors may expand incompressible data a little; an intermediate stage (one whose output is
// decoded again) may therefore exceed the chunk, but never by this much.
std::size_t intermediate_limit(std::size_t chunk_bytes) {
  return chunk_bytes + chunk_bytes / 8 + 1024;
}

bool inflate_into(std::span<const unsigned char> in, unsigned char* out, std::size_t capacity,
                  std::size_t& produced) {
  if (in.size() > std::numeric_limits<uInt>::max() || capacity > std::numeric_limits<uInt>::max())
    return false;
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct; it only reads
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out;
  z.avail_out = static_cast<uInt>(capacity);
  const int status = inflate(&z, Z_FINISH);
  produced = z.total_out;
  inflateEnd(&z);
  return status == Z_STREAM_END;
}

bool blosc_into(std::span<const unsigned char> in, unsigned char* out, std::size_t capacity,
                std::size_t& produced) {
  // validate, unlike blosc_cbuffer_sizes, never reads past `in` and checks the header's offsets,
  // so decompressing a corrupt buffer afterwards is memory-safe.
  std::size_t decoded = 0, compressed = 0, block = 0;
  if (blosc_cbuffer_validate(in.data(), in.size(), &decoded) != 0) return false;
  blosc_cbuffer_sizes(in.data(), &decoded, &compressed, &block);
  if (compressed != in.size() || decoded > capacity ||
      decoded > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return false;
  if (blosc_decompress_ctx(in.data(), out, decoded, 1) != static_cast<int>(decoded)) return false;
  produced = decoded;
  return true;
}

// HDF5's shuffle stores byte j of every element together; a tail shorter than one element stays
// as it is.
void unshuffle_into(std::span<const unsigned char> in, unsigned char* out,
                    std::size_t element_bytes) {
  if (element_bytes <= 1) {
    std::memcpy(out, in.data(), in.size());
    return;
  }
  const std::size_t elements = in.size() / element_bytes;
  for (std::size_t byte = 0; byte < element_bytes; ++byte) {
    const unsigned char* plane = in.data() + byte * elements;
    for (std::size_t i = 0; i < elements; ++i) out[i * element_bytes + byte] = plane[i];
  }
  const std::size_t whole = elements * element_bytes;
  std::memcpy(out + whole, in.data() + whole, in.size() - whole);
}

}  // namespace

RawFile::~RawFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawFile::open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  return fd_ >= 0;
}

bool RawFile::read_at(unsigned char* out, std::size_t bytes, std::uint64_t offset) const {
  while (bytes > 0) {
    const ssize_t got = ::pread(fd_, out, bytes, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    bytes -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

std::uint64_t user_block_bytes(hid_t file) {
  const hid_t fcpl = H5Fget_create_plist(file);
  hsize_t bytes = 0;
  if (fcpl < 0 || H5Pget_userblock(fcpl, &bytes) < 0) bytes = ~hsize_t{0};  // unknown: not zero
  if (fcpl >= 0) H5Pclose(fcpl);
  return bytes;
}

std::optional<ChunkPipeline> decodable_pipeline(hid_t dcpl) {
  const int filters = H5Pget_nfilters(dcpl);
  if (filters < 0 || filters > 8) return std::nullopt;
  ChunkPipeline pipeline;
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    unsigned values[8] = {};
    std::size_t count = 8;
    const H5Z_filter_t id =
        H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &count, values, 0, nullptr, nullptr);
    ChunkPipeline::Stage stage{};
    if (id == H5Z_FILTER_SHUFFLE) {
      stage.filter = ChunkFilter::shuffle;
      stage.element_bytes = count >= 1 ? values[0] : 0;
    } else if (id == H5Z_FILTER_DEFLATE) {
      stage.filter = ChunkFilter::deflate;
    } else if (id == hdf5::kBloscFilter) {
      stage.filter = ChunkFilter::blosc;
    } else if (id == H5Z_FILTER_FLETCHER32) {
      stage.filter = ChunkFilter::fletcher32;
    } else {
      return std::nullopt;
    }
    pipeline.stages.push_back(stage);
  }
  return pipeline;
}

bool decode_chunk(const ChunkPipeline& pipeline, std::span<const unsigned char> stored,
                  std::uint32_t skipped, std::span<unsigned char> out,
                  std::vector<unsigned char> (&scratch)[2]) {
  // The last stage to undo (the first applied) that does any work writes straight into `out`.
  int first_applied = -1;
  for (int i = 0; i < static_cast<int>(pipeline.stages.size()); ++i) {
    const bool applied = (skipped >> i & 1u) == 0;
    if (applied && pipeline.stages[static_cast<std::size_t>(i)].filter != ChunkFilter::fletcher32) {
      first_applied = i;
      break;
    }
  }
  std::span<const unsigned char> data = stored;
  int next_scratch = 0;
  for (int i = static_cast<int>(pipeline.stages.size()) - 1; i >= 0; --i) {
    if ((skipped >> i & 1u) != 0) continue;
    const ChunkPipeline::Stage& stage = pipeline.stages[static_cast<std::size_t>(i)];
    if (stage.filter == ChunkFilter::fletcher32) {
      if (data.size() < 4 || !fletcher32_matches(data.data(), data.size())) return false;
      data = data.first(data.size() - 4);
      continue;
    }
    const bool last = i == first_applied;
    unsigned char* target = out.data();
    std::size_t capacity = out.size();
    if (!last) {
      std::vector<unsigned char>& buffer = scratch[next_scratch];
      next_scratch = 1 - next_scratch;
      buffer.resize(intermediate_limit(out.size()));
      target = buffer.data();
      capacity = buffer.size();
    }
    std::size_t produced = 0;
    switch (stage.filter) {
      case ChunkFilter::deflate:
        if (!inflate_into(data, target, capacity, produced)) return false;
        break;
      case ChunkFilter::blosc:
        if (!blosc_into(data, target, capacity, produced)) return false;
        break;
      case ChunkFilter::shuffle:
        if (data.size() > capacity) return false;
        unshuffle_into(data, target, stage.element_bytes);
        produced = data.size();
        break;
      case ChunkFilter::fletcher32:
        break;  // handled above
    }
    if (last) return produced == out.size();
    data = std::span<const unsigned char>(target, produced);
  }
  // Nothing but checksums (or every stage skipped): the chunk is stored as it is.
  if (data.size() != out.size()) return false;
  std::memcpy(out.data(), data.data(), data.size());
  return true;
}

}  // namespace tilt::store_detail
