#include <blosc.h>

#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "store/event_validation.hpp"
#include "store/fletcher32.hpp"
#include "store/hdf5_handle.hpp"
#include "store/store_attributes.hpp"
#include "text/utf8.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

constexpr H5Z_filter_t kBloscFilter = 32001;

struct OpenStore {
  hdf5::Handle file;
  hdf5::Handle dataset;
  StoreMetadata meta;
  // Chunked with blosc as its one filter, or blosc then a Fletcher32 checksum: eligible for direct
  // chunk reads.
  bool blosc_only = false;
  bool checksummed = false;  // chunks end with a Fletcher32 checksum
};

// Text attributes end up in summary.json and the report, whose writers reject invalid UTF-8.
void require_utf8_text(const std::string& path, const std::string& name, const std::string& value) {
  if (const auto problem = text::find_invalid_utf8(value))
    throw DataError(path, "attribute " + name + ": " + text::describe(*problem));
}

// Opens and validates a store; every failure names the path and what is wrong with it.
OpenStore open_store(const std::string& path) {
  hdf5::init();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw DataError(path, "no such file");
  if (std::filesystem::is_directory(path, ec))
    throw DataError(path, "is a directory, expected an HDF5 event store");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw DataError(path, "not an HDF5 file");
  OpenStore s;
  s.file = hdf5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, path,
                         "cannot open HDF5 file (truncated or corrupt?)");
  if (H5Lexists(s.file.get(), store_detail::kEventsDataset, H5P_DEFAULT) <= 0)
    throw DataError(path, "no /events dataset: not a tilt event store");
  s.dataset = hdf5::checked(H5Dopen2(s.file.get(), store_detail::kEventsDataset, H5P_DEFAULT),
                            H5Dclose, path, "cannot open /events (truncated or corrupt?)");
  store_detail::read_attributes(s.dataset.get(), path, s.meta);
  require_utf8_text(path, "symbol", s.meta.instrument.symbol);
  for (const auto& [name, value] : s.meta.text) require_utf8_text(path, name, value);
  if (s.meta.schema_version < store_detail::kOldestReadableSchemaVersion ||
      s.meta.schema_version > store_detail::kNewestReadableSchemaVersion) {
    throw DataError(path, "schema version " + std::to_string(s.meta.schema_version) +
                              ", this tilt reads versions " +
                              std::to_string(store_detail::kOldestReadableSchemaVersion) + " to " +
                              std::to_string(store_detail::kNewestReadableSchemaVersion));
  }
  // Exactly the type tilt writes, member by member: a record type that merely resembles it (a
  // corrupt member offset or size) would send HDF5 into a field-by-field conversion that trusts
  // those offsets.
  hdf5::Handle type(H5Dget_type(s.dataset.get()), H5Tclose);
  const hdf5::Handle expected_type = hdf5::event_file_type();
  if (!type.valid() || H5Tequal(type.get(), expected_type.get()) <= 0) {
    throw DataError(path, "/events does not have tilt's 32-byte event record type");
  }
  hdf5::Handle space(H5Dget_space(s.dataset.get()), H5Sclose);
  hsize_t n = 0;
  if (H5Sget_simple_extent_ndims(space.get()) != 1)
    throw DataError(path, "/events is not one-dimensional");
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  s.meta.event_count = static_cast<std::int64_t>(n);
  hdf5::Handle dcpl(H5Dget_create_plist(s.dataset.get()), H5Pclose);
  hsize_t chunk = 0;
  if (H5Pget_layout(dcpl.get()) == H5D_CHUNKED) {
    H5Pget_chunk(dcpl.get(), 1, &chunk);
    // HDF5 sizes its decode buffer from the chunk dimensions: check them before any read.
    if (chunk > kMaxChunkEvents) {
      throw DataError(path, "/events declares chunks of " + std::to_string(chunk) +
                                " events, above the limit of " + std::to_string(kMaxChunkEvents) +
                                " (corrupt file?)");
    }
    const auto filter_at = [&dcpl](unsigned index) {
      unsigned flags = 0;
      std::size_t nelmts = 0;
      return H5Pget_filter2(dcpl.get(), index, &flags, &nelmts, nullptr, 0, nullptr, nullptr);
    };
    const int filters = H5Pget_nfilters(dcpl.get());
    s.checksummed =
        filters >= 1 && filter_at(static_cast<unsigned>(filters - 1)) == H5Z_FILTER_FLETCHER32;
    s.blosc_only = filters == (s.checksummed ? 2 : 1) && filter_at(0) == kBloscFilter;
  }
  s.meta.chunk_events = static_cast<std::size_t>(chunk);
  s.meta.file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  return s;
}

}  // namespace

StoreMetadata read_store_metadata(const std::string& path) {
  return open_store(path).meta;
}

// Two buffers: the caller reads one while the worker thread decodes the next into the other.
// Every batch is validated where it is decoded (on the worker thread when prefetching), so a bad
// event surfaces as a DataError from next_batch() before the caller sees the batch.
struct StoreReader::Impl {
  std::string path;
  Options options;
  OpenStore store;
  std::unique_ptr<store_detail::EventValidator> validator;  // batches are read in file order
  hdf5::Handle memory_type;
  std::vector<Event> buffers[2];
  std::size_t current = 0;       // buffer handed to the caller
  std::int64_t next_offset = 0;  // first event not yet requested from HDF5

  // Prefetch state, guarded by mutex.
  std::thread worker;
  std::mutex mutex;
  std::condition_variable cv;
  bool request = false;  // worker should fill buffers[pending_buffer]
  bool ready = false;    // pending_buffer holds the result
  bool stop = false;
  std::size_t pending_buffer = 1;
  std::int64_t pending_offset = 0;
  std::size_t pending_count = 0;
  std::exception_ptr pending_error;

  // Direct chunk path: HDF5 hands over the compressed chunk and blosc decodes it straight into the
  // caller's buffer. This skips the filter pipeline's intermediate buffer and copy, which perf
  // showed to be a fifth of the scan time (bench/README.md).
  std::vector<char> compressed;
  std::vector<Event> partial_chunk;
  bool direct_blosc = false;

  bool read_chunks_direct(Event* out, std::int64_t offset, std::size_t n) {
    const auto chunk = static_cast<std::int64_t>(store.meta.chunk_events);
    const std::size_t chunk_bytes = store.meta.chunk_events * sizeof(Event);
    for (std::int64_t done = 0; done < static_cast<std::int64_t>(n); done += chunk) {
      const std::int64_t first_event = offset + done;
      auto chunk_offset = static_cast<hsize_t>(first_event);
      hsize_t stored = 0;
      if (H5Dget_chunk_storage_size(store.dataset.get(), &chunk_offset, &stored) < 0 || stored == 0)
        return false;
      // A corrupt chunk index can claim any size: never allocate more than the file holds.
      if (stored > static_cast<hsize_t>(store.meta.file_bytes)) return false;
      compressed.resize(stored);
      std::uint32_t filter_mask = 0;
      if (H5Dread_chunk(store.dataset.get(), H5P_DEFAULT, &chunk_offset, &filter_mask,
                        compressed.data()) < 0)
        return false;
      const std::size_t want = static_cast<std::size_t>(
          std::min<std::int64_t>(chunk, static_cast<std::int64_t>(n) - done));
      Event* dest = out + done;
      // A short final batch still has a full chunk on disk: decode it aside, then copy the part we
      // need.
      Event* target = dest;
      if (want < store.meta.chunk_events) {
        partial_chunk.resize(store.meta.chunk_events);
        target = partial_chunk.data();
      }
      if (store.checksummed && (filter_mask & 2u) == 0) {
        if (!store_detail::fletcher32_matches(
                reinterpret_cast<const unsigned char*>(compressed.data()), stored))
          return false;  // HDF5's pipeline then reports the corrupt chunk
        stored -= 4;
      }
      if ((filter_mask & 1u) != 0) {  // the filter was skipped when writing: stored raw
        if (stored < want * sizeof(Event)) return false;
        std::memcpy(dest, compressed.data(), want * sizeof(Event));
        continue;
      }
      // validate, unlike blosc_cbuffer_sizes, never reads past `stored` bytes and checks the
      // header's offsets, so decompressing a corrupt chunk afterwards is memory-safe.
      std::size_t decoded_bytes = 0, compressed_bytes = 0, block = 0;
      if (blosc_cbuffer_validate(compressed.data(), stored, &decoded_bytes) != 0) return false;
      blosc_cbuffer_sizes(compressed.data(), &decoded_bytes, &compressed_bytes, &block);
      if (compressed_bytes != stored || decoded_bytes != chunk_bytes) return false;
      if (blosc_decompress_ctx(compressed.data(), target, chunk_bytes, 1) !=
          static_cast<int>(chunk_bytes))
        return false;
      if (target != dest) std::memcpy(dest, target, want * sizeof(Event));
    }
    return true;
  }

  std::size_t read_into(std::vector<Event>& buffer, std::int64_t offset) {
    const std::size_t n = decode_into(buffer, offset);
    if (offset == 0) validator->restart();
    validator->check({buffer.data(), n}, offset);
    return n;
  }

  // HDF5's filter pipeline allocates each chunk's stored size, as its index records it, before
  // reading: a corrupt index claiming gigabytes must be an error here, not an allocation there.
  // No chunk can be larger than the file that holds it.
  void require_plausible_chunk_sizes(std::int64_t offset, std::size_t n) const {
    const auto chunk = static_cast<std::int64_t>(store.meta.chunk_events);
    if (chunk == 0) return;  // contiguous: HDF5 reads straight into the caller's buffer
    const std::int64_t end = offset + static_cast<std::int64_t>(n);
    for (std::int64_t first = offset - offset % chunk; first < end; first += chunk) {
      auto chunk_offset = static_cast<hsize_t>(first);
      hsize_t stored = 0;
      if (H5Dget_chunk_storage_size(store.dataset.get(), &chunk_offset, &stored) < 0) continue;
      if (stored > static_cast<hsize_t>(store.meta.file_bytes)) {
        throw DataError(path, "/events chunk at event " + std::to_string(first) + " claims " +
                                  std::to_string(stored) + " stored bytes, more than the file's " +
                                  std::to_string(store.meta.file_bytes) + " (corrupt chunk index)");
      }
    }
  }

  std::size_t decode_into(std::vector<Event>& buffer, std::int64_t offset) {
    const std::int64_t left = store.meta.event_count - offset;
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::int64_t>(left, static_cast<std::int64_t>(options.batch_events)));
    buffer.resize(n);
    if (n == 0) return 0;
    if (direct_blosc && offset % static_cast<std::int64_t>(store.meta.chunk_events) == 0) {
      if (read_chunks_direct(buffer.data(), offset, n)) return n;
      // Anything unexpected in a chunk: let HDF5's own pipeline decode it (and report errors).
    }
    require_plausible_chunk_sizes(offset, n);
    const hsize_t start = static_cast<hsize_t>(offset);
    const hsize_t count = n;
    hdf5::Handle space(H5Dget_space(store.dataset.get()), H5Sclose);
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    hdf5::Handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (H5Dread(store.dataset.get(), memory_type.get(), mem_space.get(), space.get(), H5P_DEFAULT,
                buffer.data()) < 0) {
      throw DataError(path, offset + 1, "",
                      "cannot read events " + std::to_string(offset) + ".." +
                          std::to_string(offset + static_cast<std::int64_t>(n) - 1) +
                          " (file truncated or corrupt, or its compression filter is missing)");
    }
    return n;
  }

  void run_worker() {
    hdf5::init();  // HDF5's error printing is per thread
    std::unique_lock lock(mutex);
    while (true) {
      cv.wait(lock, [&] { return request || stop; });
      if (stop) return;
      const std::size_t buffer = pending_buffer;
      const std::int64_t offset = pending_offset;
      lock.unlock();
      std::size_t count = 0;
      std::exception_ptr error;
      try {
        count = read_into(buffers[buffer], offset);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      pending_count = count;
      pending_error = error;
      request = false;
      ready = true;
      cv.notify_all();
    }
  }

  void request_prefetch(std::size_t buffer, std::int64_t offset) {
    std::lock_guard lock(mutex);
    pending_buffer = buffer;
    pending_offset = offset;
    ready = false;
    request = true;
    cv.notify_all();
  }

  std::size_t wait_prefetch() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return ready; });
    ready = false;
    if (pending_error) std::rethrow_exception(std::exchange(pending_error, nullptr));
    return pending_count;
  }

  void stop_worker() {
    if (!worker.joinable()) return;
    {
      std::lock_guard lock(mutex);
      stop = true;
      cv.notify_all();
    }
    worker.join();
  }
};

StoreReader::StoreReader(std::string path) : StoreReader(std::move(path), Options{}) {}

StoreReader::StoreReader(std::string path, Options options) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.path = std::move(path);
  s.options = options;
  if (s.options.batch_events == 0) s.options.batch_events = 64 * 1024;
  s.store = open_store(s.path);
  s.validator = std::make_unique<store_detail::EventValidator>(s.path, s.store.meta.schema_version);
  s.memory_type = hdf5::event_memory_type();
  // When the file's record type is our in-memory layout (always, on little-endian machines), read
  // with the file's own type id so HDF5 takes its no-conversion path instead of a field-by-field
  // copy.
  hdf5::Handle file_type(H5Dget_type(s.store.dataset.get()), H5Tclose);
  if (H5Tequal(file_type.get(), s.memory_type.get()) > 0) {
    s.memory_type = std::move(file_type);
    // Direct chunk reads need whole chunks per batch and the record layout to match memory.
    s.direct_blosc = s.store.blosc_only && s.store.meta.chunk_events > 0 &&
                     s.options.batch_events % s.store.meta.chunk_events == 0;
  }
  if (s.options.prefetch &&
      s.store.meta.event_count > static_cast<std::int64_t>(s.options.batch_events)) {
    s.worker = std::thread([&s] { s.run_worker(); });
    s.request_prefetch(0, 0);
  } else {
    s.options.prefetch = false;
  }
}

StoreReader::~StoreReader() {
  if (impl_) impl_->stop_worker();
}

const StoreMetadata& StoreReader::metadata() const {
  return impl_->store.meta;
}
const std::string& StoreReader::path() const {
  return impl_->path;
}

std::span<const Event> StoreReader::next_batch() {
  Impl& s = *impl_;
  if (!s.options.prefetch) {
    const std::size_t n = s.read_into(s.buffers[0], s.next_offset);
    s.next_offset += static_cast<std::int64_t>(n);
    return {s.buffers[0].data(), n};
  }
  if (s.next_offset >= s.store.meta.event_count) return {};
  // The batch at next_offset was requested earlier into the buffer the caller is not holding.
  const std::size_t filled = s.wait_prefetch();
  s.current = s.pending_buffer;
  s.next_offset += static_cast<std::int64_t>(filled);
  if (s.next_offset < s.store.meta.event_count) s.request_prefetch(1 - s.current, s.next_offset);
  return {s.buffers[s.current].data(), filled};
}

void StoreReader::rewind() {
  Impl& s = *impl_;
  if (s.options.prefetch) {
    // Drain an outstanding request before restarting from the first event.
    if (s.next_offset < s.store.meta.event_count) s.wait_prefetch();
    s.next_offset = 0;
    s.request_prefetch(0, 0);
  } else {
    s.next_offset = 0;
  }
}

}  // namespace tilt
