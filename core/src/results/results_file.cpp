#include "tilt/results/results_file.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>

#include "results/table_writer_impl.hpp"
#include "store/hdf5_handle.hpp"
#include "tilt/results/atomic_file.hpp"

namespace tilt {
namespace {

// blosc's parameters as the event store writes them (cd_values[0..3] are the filter's own).
constexpr unsigned kBloscLevel = 5;
constexpr unsigned kBloscShuffle = 1;  // byte shuffle
constexpr unsigned kBloscLz4 = 1;

hdf5::Handle column_type(const ColumnSpec& c) {
  switch (c.type) {
    case ColumnType::int64:
      return hdf5::Handle(H5Tcopy(H5T_NATIVE_INT64), H5Tclose);
    case ColumnType::real:
      return hdf5::Handle(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
    case ColumnType::text:
      break;
  }
  hdf5::Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), std::max<std::size_t>(c.width, 1));
  H5Tset_strpad(t.get(), H5T_STR_NULLPAD);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

}  // namespace

// The writer thread: a FIFO of tasks, run one at a time. `running` covers the task being run, so
// drain() returns only once the queue is empty and nothing is in progress.
struct TaskThread {
  std::thread thread;
  std::mutex mutex;
  std::condition_variable changed;  // a task queued or finished, or stop
  std::deque<std::function<void()>> tasks;
  bool running = false;
  bool stop = false;
  std::exception_ptr error;  // the first task's exception; later tasks are skipped

  void run() {
    hdf5::init();  // HDF5's error stack is per thread
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stop || !tasks.empty(); });
      if (tasks.empty()) return;  // stop, and nothing left
      std::function<void()> task = std::move(tasks.front());
      tasks.pop_front();
      running = true;
      const bool skip = error != nullptr;
      lock.unlock();
      std::exception_ptr failed;
      if (!skip) {
        try {
          task();
        } catch (...) {
          failed = std::current_exception();
        }
      }
      task = nullptr;  // the batch it owned goes before the caller is told it may go on
      lock.lock();
      running = false;
      if (failed && !error) error = failed;
      changed.notify_all();
    }
  }
  void post(std::function<void()> task, std::size_t max_queued) {
    std::unique_lock lock(mutex);
    if (!thread.joinable()) thread = std::thread([this] { run(); });
    changed.wait(lock, [&] { return tasks.size() < max_queued || error; });
    if (error) std::rethrow_exception(error);
    tasks.push_back(std::move(task));
    changed.notify_all();
  }
  void drain() {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return tasks.empty() && !running; });
    if (error) std::rethrow_exception(error);
  }
  /// Stops after the queued tasks (skipped when `discard`) and joins.
  void join(bool discard) {
    {
      std::lock_guard lock(mutex);
      if (!thread.joinable()) return;
      stop = true;
      if (discard) tasks.clear();
      changed.notify_all();
    }
    thread.join();
  }
};

struct ResultsFile::Impl {
  std::string path;
  std::string temp;
  Compression compression = Compression::blosc_lz4;
  hdf5::Handle file;
  std::vector<std::unique_ptr<TableWriter>> tables;
  TaskThread writer;  // declared last: joined (by the destructor) before the tables go
  bool closed = false;
  ~Impl() { writer.join(true); }
};

ResultsFile::ResultsFile(std::string path, Compression compression)
    : impl_(std::make_unique<Impl>()) {
  hdf5::init();
  impl_->path = std::move(path);
  impl_->temp = temporary_path_for(impl_->path);
  remove_stale_temporaries(impl_->path);
  impl_->compression = compression;
  impl_->file =
      hdf5::checked(H5Fcreate(impl_->temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                    H5Fclose, impl_->path, "cannot create " + impl_->temp);
}

ResultsFile::~ResultsFile() {
  if (impl_ && !impl_->closed) {
    impl_->writer.join(true);  // a failed run: what is still queued is dropped with the file
    impl_->tables.clear();
    impl_->file.reset();
    std::error_code ec;
    std::filesystem::remove(impl_->temp, ec);
  }
}

const std::string& ResultsFile::path() const {
  return impl_->path;
}

TableWriter& ResultsFile::add_table(TableSpec spec, std::size_t chunk_rows) {
  const std::string& file = impl_->path;
  if (chunk_rows == 0) throw Error("results table " + spec.name + ": chunk of zero rows");
  std::vector<hdf5::Handle> types;
  std::vector<std::size_t> offsets;
  std::size_t row_bytes = 0;
  for (const ColumnSpec& c : spec.columns) {
    types.push_back(column_type(c));
    offsets.push_back(row_bytes);
    row_bytes += H5Tget_size(types.back().get());
  }
  auto impl = std::make_unique<TableWriter::Impl>();
  impl->file = file;
  impl->type = hdf5::checked(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(row_bytes, 1)), H5Tclose,
                             file, "cannot create type");
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    hdf5::check(
        H5Tinsert(impl->type.get(), spec.columns[i].name.c_str(), offsets[i], types[i].get()), file,
        "bad column name " + spec.columns[i].name);
  }
  const hsize_t initial = 0;
  const hsize_t unlimited = H5S_UNLIMITED;
  hdf5::Handle space(H5Screate_simple(1, &initial, &unlimited), H5Sclose);
  hdf5::Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  const hsize_t chunk = chunk_rows;
  H5Pset_chunk(dcpl.get(), 1, &chunk);
  if (impl_->compression == Compression::deflate) {
    H5Pset_shuffle(dcpl.get());
    H5Pset_deflate(dcpl.get(), 1);
  } else if (impl_->compression == Compression::blosc_lz4) {
    const unsigned cd_values[7] = {0, 0, 0, 0, kBloscLevel, kBloscShuffle, kBloscLz4};
    // Optional: a chunk blosc cannot shrink (a tiny table) is stored as it is rather than failing.
    hdf5::check(H5Pset_filter(dcpl.get(), hdf5::kBloscFilter, H5Z_FLAG_OPTIONAL, 7, cd_values),
                file, "cannot set the blosc filter");
  }
  // No chunk cache: rows reach HDF5 a whole chunk at a time (TableWriter), which it compresses and
  // writes at once; a cache would only hold a copy of each table's last chunk (~1 MiB each).
  hdf5::Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
  H5Pset_chunk_cache(dapl.get(), 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT);
  impl->dataset = hdf5::checked(H5Dcreate2(impl_->file.get(), spec.name.c_str(), impl->type.get(),
                                           space.get(), H5P_DEFAULT, dcpl.get(), dapl.get()),
                                H5Dclose, file, "cannot create table " + spec.name);
  hdf5::write_attribute(impl->dataset.get(), file, "description", spec.description);
  std::string names;
  for (const ColumnSpec& c : spec.columns) {
    names += (names.empty() ? "" : ",") + c.name;
    if (!c.unit.empty()) hdf5::write_attribute(impl->dataset.get(), file, "unit." + c.name, c.unit);
  }
  hdf5::write_attribute(impl->dataset.get(), file, "columns", names);
  impl_->tables.push_back(std::unique_ptr<TableWriter>(new TableWriter(
      std::move(impl), std::move(spec), std::move(offsets), row_bytes, chunk_rows)));
  return *impl_->tables.back();
}

void ResultsFile::write(const Table& table) {
  const std::size_t rows = table.rows();
  TableSpec spec{table.name, table.description, {}};
  for (const Column& c : table.columns) {
    ColumnSpec col{c.name, ColumnType::real, c.unit, 0};
    if (std::holds_alternative<std::vector<std::int64_t>>(c.values)) {
      col.type = ColumnType::int64;
    } else if (const auto* text = std::get_if<std::vector<std::string>>(&c.values)) {
      col.type = ColumnType::text;
      col.width = 1;
      for (const std::string& s : *text) col.width = std::max(col.width, s.size());
    }
    spec.columns.push_back(std::move(col));
  }
  TableWriter& out = add_table(std::move(spec), std::clamp<std::size_t>(rows, 1, kChunkRows));
  for (std::size_t r = 0; r < rows; ++r) {
    TableWriter::Row row = out.append();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      std::visit([&](const auto& values) { row.set(i, values[r]); }, table.columns[i].values);
    }
  }
  out.flush();
}

void ResultsFile::set_attribute(const std::string& name, const std::string& value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}
void ResultsFile::set_attribute(const std::string& name, double value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}
void ResultsFile::set_attribute(const std::string& name, std::int64_t value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}

void ResultsFile::post(std::function<void()> task) {
  impl_->writer.post(std::move(task), kMaxQueuedTasks);
}

void ResultsFile::drain() {
  impl_->writer.drain();
}

void ResultsFile::close() {
  if (impl_->closed) return;
  drain();
  for (auto& t : impl_->tables) {
    t->flush();
    // Cached chunks are compressed and written here; a failure must not pass unnoticed in close.
    hdf5::check(H5Dflush(t->impl_->dataset.get()), impl_->path,
                "cannot write table " + t->spec().name + " (disk full?)");
  }
  impl_->tables.clear();
  hdf5::check(H5Fflush(impl_->file.get(), H5F_SCOPE_GLOBAL), impl_->path, "cannot flush");
  impl_->file.reset();
  impl_->closed = true;  // committed or, on failure, removed: nothing left for the destructor
  // Rebuilt by running the same command again: whole against a crash, no fsync (atomic_file.hpp).
  commit_temporary(impl_->temp, impl_->path, Durability::process_crash);
}

namespace {

// One member of a table's records as read into memory: integers as int64, reals as double, text
// as the file's fixed-width string.
struct Field {
  std::string name;
  H5T_class_t cls;
  std::size_t offset;
  std::size_t width;
};

// Opens `table_name` in `path` and calls `on_chunk(buf, count)` for each run of up to
// `chunk_rows` records, read whole into a packed buffer (`fields` say where each column sits in a
// record of `row_bytes`): the compressed chunks are decoded once, not once per column. `on_start`
// sees the fields and the total row count first. An empty table: on_chunk once with no rows.
template <typename OnStart, typename OnChunk>
void scan_table(const std::string& path, const std::string& table_name, std::size_t chunk_rows,
                OnStart on_start, OnChunk on_chunk) {
  hdf5::init();
  if (!std::filesystem::exists(path)) throw DataError(path, "no such file");
  hdf5::Handle file = hdf5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                                    path, "cannot open (not HDF5, truncated or corrupt?)");
  if (H5Lexists(file.get(), table_name.c_str(), H5P_DEFAULT) <= 0)
    throw DataError(path, "no table " + table_name);
  hdf5::Handle dataset = hdf5::checked(H5Dopen2(file.get(), table_name.c_str(), H5P_DEFAULT),
                                       H5Dclose, path, "cannot open table " + table_name);
  hdf5::Handle type(H5Dget_type(dataset.get()), H5Tclose);
  hdf5::Handle space(H5Dget_space(dataset.get()), H5Sclose);
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space.get(), &rows, nullptr);
  std::vector<Field> fields;
  std::vector<hdf5::Handle> member_types;
  std::size_t row_bytes = 0;
  const int members = H5Tget_nmembers(type.get());
  for (int m = 0; m < members; ++m) {
    char* raw_name = H5Tget_member_name(type.get(), static_cast<unsigned>(m));
    const std::string name(raw_name);
    H5free_memory(raw_name);
    hdf5::Handle member(H5Tget_member_type(type.get(), static_cast<unsigned>(m)), H5Tclose);
    const H5T_class_t cls = H5Tget_class(member.get());
    hdf5::Handle mem(H5Tcopy(cls == H5T_INTEGER ? H5T_NATIVE_INT64
                             : cls == H5T_FLOAT ? H5T_NATIVE_DOUBLE
                                                : member.get()),
                     H5Tclose);
    const std::size_t width = H5Tget_size(mem.get());
    fields.push_back({name, cls, row_bytes, width});
    member_types.push_back(std::move(mem));
    row_bytes += width;
  }
  hdf5::Handle memory_type(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(row_bytes, 1)), H5Tclose);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    H5Tinsert(memory_type.get(), fields[i].name.c_str(), fields[i].offset, member_types[i].get());
  }
  on_start(fields, static_cast<std::size_t>(rows));
  chunk_rows = std::max<std::size_t>(chunk_rows, 1);
  std::vector<char> buf(std::max<std::size_t>(1, std::min<hsize_t>(rows, chunk_rows) * row_bytes));
  hsize_t start = 0;
  do {
    const hsize_t count = std::min<hsize_t>(rows - start, chunk_rows);
    if (count > 0) {
      hdf5::Handle file_space(H5Dget_space(dataset.get()), H5Sclose);
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
      hdf5::Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
      hdf5::check(H5Dread(dataset.get(), memory_type.get(), memory_space.get(), file_space.get(),
                          H5P_DEFAULT, buf.data()),
                  path, "cannot read table " + table_name);
    }
    on_chunk(static_cast<const char*>(buf.data()), static_cast<std::size_t>(count), row_bytes);
    start += count;
  } while (start < rows);
}

// Empty columns named and typed as `fields`, each with room for `rows` values.
void add_columns(Table& table, const std::vector<Field>& fields, std::size_t rows) {
  for (const Field& f : fields) {
    if (f.cls == H5T_INTEGER) {
      table.int_column(f.name, "").reserve(rows);
    } else if (f.cls == H5T_FLOAT) {
      table.real_column(f.name, "").reserve(rows);
    } else {
      table.text_column(f.name).reserve(rows);
    }
  }
}

// Appends `count` packed records to the table's columns (as add_columns made them).
void append_records(Table& table, const std::vector<Field>& fields, const char* buf,
                    std::size_t count, std::size_t row_bytes) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    const auto cell = [&](std::size_t r) { return buf + r * row_bytes + f.offset; };
    Column& c = table.columns[i];
    if (auto* ints = std::get_if<std::vector<std::int64_t>>(&c.values)) {
      const std::size_t at = ints->size();
      ints->resize(at + count);
      for (std::size_t r = 0; r < count; ++r) {
        std::memcpy(&(*ints)[at + r], cell(r), sizeof(std::int64_t));
      }
    } else if (auto* reals = std::get_if<std::vector<double>>(&c.values)) {
      const std::size_t at = reals->size();
      reals->resize(at + count);
      for (std::size_t r = 0; r < count; ++r) {
        std::memcpy(&(*reals)[at + r], cell(r), sizeof(double));
      }
    } else {
      auto& text = std::get<std::vector<std::string>>(c.values);
      for (std::size_t r = 0; r < count; ++r) {
        text.emplace_back(cell(r), strnlen(cell(r), f.width));
      }
    }
  }
}

}  // namespace

void read_table_chunks(const std::string& path, const std::string& table_name,
                       std::size_t chunk_rows, const std::function<void(const Table&)>& fn) {
  const std::vector<Field>* fields = nullptr;
  scan_table(
      path, table_name, chunk_rows, [&](const std::vector<Field>& f, std::size_t) { fields = &f; },
      [&](const char* buf, std::size_t count, std::size_t row_bytes) {
        Table table;
        table.name = table_name;
        add_columns(table, *fields, count);
        append_records(table, *fields, buf, count, row_bytes);
        fn(table);
      });
}

Table read_table(const std::string& path, const std::string& table_name) {
  // One chunk of packed records at a time (the writer's chunk: each read decodes one), straight
  // into columns sized once: the table's memory and a chunk, no second copy.
  Table whole;
  whole.name = table_name;
  const std::vector<Field>* fields = nullptr;
  scan_table(
      path, table_name, ResultsFile::kChunkRows,
      [&](const std::vector<Field>& f, std::size_t rows) {
        fields = &f;
        add_columns(whole, f, rows);
      },
      [&](const char* buf, std::size_t count, std::size_t row_bytes) {
        append_records(whole, *fields, buf, count, row_bytes);
      });
  return whole;
}

}  // namespace tilt
