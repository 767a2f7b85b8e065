#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/chunk_decoder.hpp"
#include "store/event_validation.hpp"
#include "store/hdf5_handle.hpp"
#include "store/store_attributes.hpp"
#include "text/utf8.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

struct OpenStore {
  hdf5::Handle file;
  hdf5::Handle dataset;
  StoreMetadata meta;
  // Chunked, with filters tilt decodes itself (chunk_decoder.hpp): read chunk by chunk, raw.
  std::optional<store_detail::ChunkPipeline> pipeline;
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
    s.pipeline = store_detail::decodable_pipeline(dcpl.get());
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

  // Own decoding (chunk_decoder.hpp): HDF5's chunk index says where each chunk lies and how long
  // it is; its bytes are read from the file here and decoded, whole chunks straight into the
  // caller's buffer. This skips HDF5's unchecked sizes (its pipeline, and H5Dread_chunk, which
  // sizes an unfiltered chunk from the layout, not the index) and the pipeline's intermediate
  // copy, which perf showed to be a fifth of the scan time (bench/README.md).
  store_detail::RawFile raw_file;
  std::vector<unsigned char> stored_chunk;
  std::vector<unsigned char> scratch[2];
  std::vector<Event> partial_chunk;
  bool decode_chunks_here = false;

  // A corrupt chunk index can claim any size: no chunk is larger than the file that holds it.
  void require_plausible_stored_size(std::int64_t first, hsize_t stored) const {
    if (stored <= static_cast<hsize_t>(store.meta.file_bytes)) return;
    throw DataError(path, "/events chunk at event " + std::to_string(first) + " claims " +
                              std::to_string(stored) + " stored bytes, more than the file's " +
                              std::to_string(store.meta.file_bytes) + " (corrupt chunk index)");
  }

  [[noreturn]] void throw_unreadable(std::int64_t offset, std::size_t n) const {
    throw DataError(path, offset + 1, "",
                    "cannot read events " + std::to_string(offset) + ".." +
                        std::to_string(offset + static_cast<std::int64_t>(n) - 1) +
                        " (file truncated or corrupt, or its compression filter is missing)");
  }

  void decode_chunks(Event* out, std::int64_t offset, std::size_t n) {
    const auto chunk = static_cast<std::int64_t>(store.meta.chunk_events);
    const std::size_t chunk_bytes = store.meta.chunk_events * sizeof(Event);
    const std::int64_t end = offset + static_cast<std::int64_t>(n);
    for (std::int64_t first = offset - offset % chunk; first < end; first += chunk) {
      const auto chunk_offset = static_cast<hsize_t>(first);
      unsigned skipped = 0;
      haddr_t address = HADDR_UNDEF;
      hsize_t stored = 0;
      if (H5Dget_chunk_info_by_coord(store.dataset.get(), &chunk_offset, &skipped, &address,
                                     &stored) < 0 ||
          stored == 0 || address == HADDR_UNDEF)
        throw_unreadable(offset, n);
      require_plausible_stored_size(first, stored);
      if (address > static_cast<haddr_t>(store.meta.file_bytes) - stored)
        throw_unreadable(offset, n);  // the chunk would end past the end of the file
      stored_chunk.resize(stored);
      if (!raw_file.read_at(stored_chunk.data(), stored, address)) throw_unreadable(offset, n);
      const std::int64_t lo = std::max(offset, first), hi = std::min(end, first + chunk);
      // A chunk the batch covers whole decodes in place; a partial one aside, then the part needed.
      const bool whole = lo == first && hi == first + chunk;
      if (!whole) partial_chunk.resize(store.meta.chunk_events);
      Event* target = whole ? out + (first - offset) : partial_chunk.data();
      if (!store_detail::decode_chunk(*store.pipeline, stored_chunk, skipped,
                                      {reinterpret_cast<unsigned char*>(target), chunk_bytes},
                                      scratch))
        throw_unreadable(offset, n);
      if (!whole) {
        std::memcpy(out + (lo - offset), partial_chunk.data() + (lo - first),
                    static_cast<std::size_t>(hi - lo) * sizeof(Event));
      }
    }
  }

  std::size_t read_into(std::vector<Event>& buffer, std::int64_t offset) {
    const std::size_t n = decode_into(buffer, offset);
    if (offset == 0) validator->restart();
    validator->check({buffer.data(), n}, offset);
    return n;
  }

  // HDF5's filter pipeline (filters tilt does not decode itself) allocates each chunk's stored
  // size, as its index records it, before reading: a corrupt index claiming gigabytes must be an
  // error here, not an allocation there. No chunk can be larger than the file that holds it.
  void require_plausible_chunk_sizes(std::int64_t offset, std::size_t n) const {
    const auto chunk = static_cast<std::int64_t>(store.meta.chunk_events);
    if (chunk == 0) return;  // contiguous: HDF5 reads straight into the caller's buffer
    const std::int64_t end = offset + static_cast<std::int64_t>(n);
    for (std::int64_t first = offset - offset % chunk; first < end; first += chunk) {
      auto chunk_offset = static_cast<hsize_t>(first);
      hsize_t stored = 0;
      if (H5Dget_chunk_storage_size(store.dataset.get(), &chunk_offset, &stored) < 0) continue;
      require_plausible_stored_size(first, stored);
    }
  }

  std::size_t decode_into(std::vector<Event>& buffer, std::int64_t offset) {
    const std::int64_t left = store.meta.event_count - offset;
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::int64_t>(left, static_cast<std::int64_t>(options.batch_events)));
    buffer.resize(n);
    if (n == 0) return 0;
    if (decode_chunks_here) {
      decode_chunks(buffer.data(), offset, n);
      return n;
    }
    require_plausible_chunk_sizes(offset, n);
    const hsize_t start = static_cast<hsize_t>(offset);
    const hsize_t count = n;
    hdf5::Handle space(H5Dget_space(store.dataset.get()), H5Sclose);
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    hdf5::Handle mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (H5Dread(store.dataset.get(), memory_type.get(), mem_space.get(), space.get(), H5P_DEFAULT,
                buffer.data()) < 0)
      throw_unreadable(offset, n);
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
    // Chunks decoded here land in memory as they are: the record layout must match.
    // Chunk addresses are relative to the end of a user block, which tilt never writes: a file
    // with one is read through HDF5.
    s.decode_chunks_here = s.store.pipeline.has_value() && s.store.meta.chunk_events > 0 &&
                           store_detail::user_block_bytes(s.store.file.get()) == 0 &&
                           s.raw_file.open(s.path);
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
