#include <cstdio>
#include <filesystem>
#include <vector>

#include "store/hdf5_handle.hpp"
#include "store/store_attributes.hpp"
#include "text/utf8.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

// blosc's parameters; cd_values[0..3] are filled in when the dataset is created
// (store/blosc_filter.hpp).
constexpr unsigned kBloscLevel = 5;
constexpr unsigned kBloscShuffle = 1;  // byte shuffle
constexpr unsigned kBloscLz4 = 1;

// Text attributes are stored as UTF-8 and readers refuse anything else.
void require_utf8_text(const std::string& name, const std::string& value) {
  if (const auto problem = text::find_invalid_utf8(value))
    throw Error("store attribute " + name + ": " + text::describe(*problem));
}

}  // namespace

std::string_view to_string(Compression c) {
  switch (c) {
    case Compression::none:
      return "none";
    case Compression::deflate:
      return "deflate";
    case Compression::blosc_lz4:
      return "blosc_lz4";
  }
  return "unknown";
}

Compression compression_from_string(std::string_view name) {
  for (Compression c : {Compression::none, Compression::deflate, Compression::blosc_lz4})
    if (to_string(c) == name) return c;
  throw Error("unknown compression '" + std::string(name) +
              "': expected one of none, deflate, blosc_lz4");
}

struct StoreWriter::Impl {
  std::string path;
  std::string temp_path;
  StoreMetadata meta;
  hdf5::Handle file;
  hdf5::Handle dataset;
  hdf5::Handle memory_type;
  std::vector<Event> buffer;  // one chunk, written whole
  std::int64_t written = 0;
  bool any_flags = false;  // some event carries an EventFlag: the store is schema version 2
  bool closed = false;

  void flush() {
    if (buffer.empty()) return;
    const hsize_t start = static_cast<hsize_t>(written);
    const hsize_t count = buffer.size();
    const hsize_t new_size = start + count;
    hdf5::check(H5Dset_extent(dataset.get(), &new_size), temp_path, "cannot extend /events");
    hdf5::Handle space =
        hdf5::checked(H5Dget_space(dataset.get()), H5Sclose, temp_path, "no dataspace");
    hdf5::check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
                temp_path, "cannot select events");
    hdf5::Handle mem_space =
        hdf5::checked(H5Screate_simple(1, &count, nullptr), H5Sclose, temp_path, "no space");
    hdf5::check(H5Dwrite(dataset.get(), memory_type.get(), mem_space.get(), space.get(),
                         H5P_DEFAULT, buffer.data()),
                temp_path, "cannot write events (disk full?)");
    written += static_cast<std::int64_t>(count);
    buffer.clear();
  }
};

StoreWriter::StoreWriter(std::string path, const Instrument& instrument, StoreOptions options)
    : impl_(std::make_unique<Impl>()) {
  hdf5::init();
  instrument.validate();
  require_utf8_text("symbol", instrument.symbol);
  if (options.chunk_events == 0) throw Error("store chunk size must be at least one event");
  if (options.chunk_events > kMaxChunkEvents)
    throw Error("store chunk size " + std::to_string(options.chunk_events) +
                " events is above the limit of " + std::to_string(kMaxChunkEvents));
  Impl& s = *impl_;
  s.path = std::move(path);
  require_replaceable(s.path);  // a folder or device there: say so now, not at the final rename
  s.temp_path = temporary_path_for(s.path);
  remove_stale_temporaries(s.path);
  s.meta.instrument = instrument;
  s.meta.compression = options.compression;
  s.meta.chunk_events = options.chunk_events;
  s.buffer.reserve(options.chunk_events);

  // The 1.8+ file format puts a checksum on every piece of metadata (superblock, object headers
  // with the attributes, chunk index), so a reader detects corrupt metadata instead of trusting it.
  hdf5::Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V110);
  s.file = hdf5::checked(H5Fcreate(s.temp_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                         H5Fclose, s.path, "cannot create " + s.temp_path);
  const hsize_t initial = 0;
  const hsize_t unlimited = H5S_UNLIMITED;
  hdf5::Handle space(H5Screate_simple(1, &initial, &unlimited), H5Sclose);
  hdf5::Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  const hsize_t chunk = options.chunk_events;
  H5Pset_chunk(dcpl.get(), 1, &chunk);
  if (options.compression == Compression::deflate) {
    H5Pset_shuffle(dcpl.get());
    H5Pset_deflate(dcpl.get(), 1);
  } else if (options.compression == Compression::blosc_lz4) {
    const unsigned cd_values[7] = {0, 0, 0, 0, kBloscLevel, kBloscShuffle, kBloscLz4};
    hdf5::check(H5Pset_filter(dcpl.get(), hdf5::kBloscFilter, H5Z_FLAG_MANDATORY, 7, cd_values),
                s.path, "cannot set the blosc filter");
  }
  // Last in the pipeline: the checksum covers the compressed bytes as they sit on disk.
  if (options.checksum)
    hdf5::check(H5Pset_fletcher32(dcpl.get()), s.path, "cannot set the Fletcher32 filter");
  hdf5::Handle file_type = hdf5::event_file_type();
  s.memory_type = hdf5::event_memory_type();
  s.dataset = hdf5::checked(H5Dcreate2(s.file.get(), store_detail::kEventsDataset, file_type.get(),
                                       space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                            H5Dclose, s.path, "cannot create /events");
}

StoreWriter::~StoreWriter() {
  if (impl_ && !impl_->closed) {
    // Not closed: an exception is unwinding. Leave nothing that could pass for a complete file.
    impl_->dataset.reset();
    impl_->file.reset();
    std::error_code ec;
    std::filesystem::remove(impl_->temp_path, ec);
  }
}

void StoreWriter::append(std::span<const Event> events) {
  Impl& s = *impl_;
  if (s.closed) throw Error("StoreWriter::append after close on " + s.path);
  if (!s.any_flags) {
    for (const Event& e : events) s.any_flags = s.any_flags || e.flags != 0;
  }
  std::size_t i = 0;
  const std::size_t capacity = s.meta.chunk_events;
  while (i < events.size()) {
    const std::size_t take = std::min(capacity - s.buffer.size(), events.size() - i);
    s.buffer.insert(s.buffer.end(), events.begin() + static_cast<std::ptrdiff_t>(i),
                    events.begin() + static_cast<std::ptrdiff_t>(i + take));
    i += take;
    if (s.buffer.size() == capacity) s.flush();
  }
}

void StoreWriter::set_counter(const std::string& name, std::int64_t value) {
  impl_->meta.counters[name] = value;
}
void StoreWriter::set_text(const std::string& name, const std::string& value) {
  require_utf8_text(name, value);
  impl_->meta.text[name] = value;
}
std::int64_t StoreWriter::events_written() const {
  return impl_->written + static_cast<std::int64_t>(impl_->buffer.size());
}

void StoreWriter::close() {
  Impl& s = *impl_;
  if (s.closed) return;
  s.flush();
  s.meta.event_count = s.written;
  s.meta.schema_version = s.any_flags ? kStoreSchemaVersion : kStoreSchemaVersionWithoutFlags;
  store_detail::write_attributes(s.dataset.get(), s.temp_path, s.meta);
  s.dataset.reset();
  hdf5::check(H5Fflush(s.file.get(), H5F_SCOPE_GLOBAL), s.temp_path, "cannot flush");
  s.file.reset();
  s.closed = true;  // committed or, on failure, removed: nothing left for the destructor
  commit_temporary(s.temp_path, s.path);
}

}  // namespace tilt
