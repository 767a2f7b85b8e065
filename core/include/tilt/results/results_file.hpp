// results.h5: one HDF5 file per run holding its tables (equity, fills, orders, signals...) and the
// run's attributes (instrument, units, seed, status). Written atomically: nothing appears at the
// final path until close() succeeds.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "tilt/results/table.hpp"

namespace tilt {

class ResultsFile {
 public:
  explicit ResultsFile(std::string path);
  ~ResultsFile();
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  /// Writes `table` as dataset `/<table.name>` with attributes description, columns and unit.<col>.
  void write(const Table& table);
  void set_attribute(const std::string& name, const std::string& value);
  void set_attribute(const std::string& name, double value);
  void set_attribute(const std::string& name, std::int64_t value);
  /// Flushes, closes and renames into place.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a table back (tests, `tilt report`). Throws DataError naming the file and table.
Table read_table(const std::string& path, const std::string& table_name);

}  // namespace tilt
