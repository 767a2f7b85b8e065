// TableWriter: one results table appended row by row into a chunked, extensible HDF5 dataset.
// Rows collect in a buffer of exactly one chunk; a full buffer is compressed and written as one
// chunk, so the memory a table holds is one chunk whatever the number of rows. The dataset is a
// 1-D array of a compound type (int64, double, fixed-length UTF-8 text), which
// `pandas.DataFrame(h5py.File(f)[name][:])` reads as it is. Units go in `unit.<column>` attributes,
// the column names (in order) in `columns`, the table's meaning in `description`.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tilt/error.hpp"

namespace tilt {

enum class ColumnType : std::uint8_t { int64, real, text };

struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::real;
  std::string unit;       ///< "" for plain numbers and text
  std::size_t width = 0;  ///< text only: bytes; a longer value is an error, not cut
};

struct TableSpec {
  std::string name;
  std::string description;
  std::vector<ColumnSpec> columns;
};

class TableWriter {
 public:
  /// One row being filled (zeroed when handed out; text columns are NUL-padded).
  class Row {
   public:
    Row& set(std::size_t column, std::int64_t value) {
      std::memcpy(cell(column, ColumnType::int64), &value, sizeof value);
      return *this;
    }
    Row& set(std::size_t column, double value) {
      std::memcpy(cell(column, ColumnType::real), &value, sizeof value);
      return *this;
    }
    Row& set(std::size_t column, std::string_view value);

   private:
    friend class TableWriter;
    Row(char* data, const TableWriter* table) : data_(data), table_(table) {}
    char* cell(std::size_t column, ColumnType type) const;
    char* data_;
    const TableWriter* table_;
  };

  ~TableWriter();
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  /// The next row; writes the buffered chunk first when it is full.
  Row append() {
    if (buffered_ == chunk_rows_) [[unlikely]]
      flush();
    return Row(buffer_.get() + (buffered_++) * row_bytes_, this);
  }
  /// Row `index` (< rows()) again, cleared, to be filled anew: in place while it is buffered;
  /// otherwise in a one-row patch written over the stored row at the next rewrite() or flush().
  Row rewrite(std::int64_t index);
  /// Writes the buffered rows (a partial last chunk at the end of the run) and a pending patch.
  void flush();
  /// Rows appended so far (written or buffered).
  std::int64_t rows() const { return written_ + static_cast<std::int64_t>(buffered_); }
  const TableSpec& spec() const { return spec_; }
  std::size_t chunk_rows() const { return chunk_rows_; }

 private:
  friend class ResultsFile;
  struct Impl;
  TableWriter(std::unique_ptr<Impl> impl, TableSpec spec, std::vector<std::size_t> offsets,
              std::size_t row_bytes, std::size_t chunk_rows);

  std::unique_ptr<Impl> impl_;  // the HDF5 dataset and types
  TableSpec spec_;
  std::vector<std::size_t> offsets_;  ///< byte offset of each column in a row
  std::size_t row_bytes_;
  std::size_t chunk_rows_;
  struct Free {
    void operator()(char* p) const noexcept { std::free(p); }
  };
  /// chunk_rows_ × row_bytes_, zeroed. From calloc: a large buffer comes as fresh zero pages from
  /// the kernel, touched (and paid for) only as rows fill it, so a short run's tables cost the
  /// rows they hold, not a whole chunk each.
  std::unique_ptr<char, Free> buffer_;
  std::size_t buffered_ = 0;
  std::int64_t written_ = 0;
  std::vector<char> patch_;      ///< one row for rewrite() of a stored row
  std::int64_t patch_row_ = -1;  ///< the row patch_ goes to; -1: none pending
  void write_rows(std::int64_t first, std::size_t rows, const char* data);
};

inline char* TableWriter::Row::cell(std::size_t column, ColumnType type) const {
  // Per row, not per event: the check costs nothing that matters and catches a schema mix-up.
  if (column >= table_->spec_.columns.size() || table_->spec_.columns[column].type != type)
      [[unlikely]]
    throw Error("results table " + table_->spec_.name + ": column " + std::to_string(column) +
                " set with the wrong type");
  return data_ + table_->offsets_[column];
}

}  // namespace tilt
