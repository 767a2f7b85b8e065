// results.h5: one HDF5 file per run holding its tables (equity, fills, orders, signals...) and the
// run's attributes (instrument, units, seed, status). Tables are streamed: each is a TableWriter
// that holds one chunk of rows and writes it compressed when full, so a run's results cost a fixed
// amount of memory. Written atomically: the file is built under a temporary name and renamed
// into place by close(); a run that dies first leaves nothing at the final path.
//
// Writing can overlap the caller's work: post() runs a task (typically: turn a batch of records
// into rows of a table and write its full chunks) on the file's writer thread, started at the
// first post. Tasks run one at a time in the order posted; a table is used either by tasks or by
// the caller, and by the caller only after drain() (close() drains first). HDF5 is the
// thread-safe build (hdf5_handle.hpp), so the writer may call it while a store reader does.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tilt/results/table.hpp"
#include "tilt/results/table_writer.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {

class ResultsFile {
 public:
  /// Rows per chunk: 8K rows of ~100 bytes keep a table's buffer under 1 MiB.
  static constexpr std::size_t kChunkRows = 8192;

  /// Creates `<path>.tmp.<pid>`. blosc_lz4 (the default) is the event store's filter (tilt's own,
  /// in the hdf5-blosc plugin's format); h5py reads it through the plugin, found with no set-up
  /// on Debian.
  explicit ResultsFile(std::string path, Compression compression = Compression::blosc_lz4);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  /// A new, empty table `/<spec.name>`; rows are appended through the returned writer, which
  /// lives as long as this file.
  TableWriter& add_table(TableSpec spec, std::size_t chunk_rows = kChunkRows);
  /// Writes a whole in-memory table (text columns as wide as their longest value).
  void write(const Table& table);
  void set_attribute(const std::string& name, const std::string& value);
  void set_attribute(const std::string& name, double value);
  void set_attribute(const std::string& name, std::int64_t value);
  /// Runs `task` on the writer thread after every task posted before it. Blocks while
  /// kMaxQueuedTasks tasks wait (memory stays bounded when the writer falls behind). A task's
  /// exception is kept and rethrown here or by drain()/close(); later tasks are then skipped.
  void post(std::function<void()> task);
  /// Waits until every posted task has run; rethrows the first error a task threw.
  void drain();
  static constexpr std::size_t kMaxQueuedTasks = 4;
  /// Drains, flushes every table, closes and renames into place.
  void close();
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a table back (tests). Throws DataError naming the file and table.
Table read_table(const std::string& path, const std::string& table_name);
/// Reads a table `chunk_rows` rows at a time (report.html), so that reading a long table costs
/// one chunk of memory beyond what `fn` keeps; `fn` sees each chunk once, in row order (an empty
/// table: once, with no rows). Throws DataError naming the file and table.
void read_table_chunks(const std::string& path, const std::string& table_name,
                       std::size_t chunk_rows, const std::function<void(const Table&)>& fn);

}  // namespace tilt
