// Tardis.dev CSV files: recognising them by their header and walking the data rows of several files
// (a day each) as one stream.
//
// Format facts (Tardis "Downloadable CSV files" documentation,
// docs.tardis.dev/downloadable-csv-files):
//   * every data type is one CSV per exchange, data type, day and symbol, optionally
//   gzip-compressed
//     (the download service serves .csv.gz);
//   * the first line is a header; fields are never quoted;
//   * `timestamp` is the exchange's timestamp and `local_timestamp` the moment Tardis received the
//     message, both integers in microseconds since the Unix epoch (tilt stores nanoseconds);
//   * rows are in local_timestamp order; the exchange timestamp may step back slightly
//     (the converters clamp steps back within a tolerance and treat larger ones as bad rows).
//
// The three data types read here, with their exact headers:
//   incremental_book_L2  exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
//   book_snapshot_N      exchange,symbol,timestamp,local_timestamp,
//                        asks[0].price,asks[0].amount,bids[0].price,bids[0].amount, ... up to N-1
//   trades               exchange,symbol,timestamp,local_timestamp,id,side,price,amount
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/csv/line_reader.hpp"
#include "adapters/csv/policy.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters::tardis {

enum class FileKind { incremental_book_L2, book_snapshot, trades };
std::string_view to_string(FileKind kind);

struct Header {
  FileKind kind = FileKind::incremental_book_L2;
  int snapshot_levels = 0;  ///< N of book_snapshot_N
  std::size_t columns = 0;
};

/// Recognises a header line. Throws DataError(file, 1, "header", ...) naming the first missing or
/// unexpected column when the line is no Tardis header of a supported type.
Header parse_header(std::string_view line, const std::string& file);
/// Opens `path` and parses its header.
Header read_header(const std::string& path);

/// Microseconds text to nanoseconds; false when not an integer or out of range (negative, or
/// 2^62 ns and later: the store's range).
bool parse_micros(std::string_view text, Timestamp& ns);

/// The data rows of several files of one kind, as one stream: files are ordered by the exchange
/// timestamp of their first data row (ties keep the given order), each file's header must match
/// the first file's. Lenient policy: a truncated gzip file ends at its last complete line and the
/// repair is counted.
class RowCursor {
 public:
  RowCursor(std::vector<std::string> paths, Repairs& repairs);
  RowCursor(RowCursor&&) noexcept;
  ~RowCursor();

  const Header& header() const { return header_; }
  /// The next data row split into fields (may hold a wrong number of fields: the caller checks).
  /// False after the last row of the last file.
  bool next(std::span<const std::string_view>& fields);
  const std::string& file() const;
  /// The first file in time order (for errors before any row is read).
  const std::string& first_path() const { return paths_.front(); }
  std::int64_t line() const;

  std::int64_t rows() const { return rows_; }
  std::int64_t file_bytes_done() const;
  std::int64_t file_bytes_total() const { return file_bytes_total_; }
  std::int64_t text_bytes() const;

 private:
  bool open_next_file();

  std::vector<std::string> paths_;
  Repairs* repairs_;
  Header header_;
  std::size_t next_file_ = 0;
  std::unique_ptr<LineReader> reader_;
  std::vector<std::string_view> fields_;
  std::int64_t rows_ = 0;
  std::int64_t file_bytes_total_ = 0;
  std::int64_t finished_file_bytes_ = 0;
  std::int64_t finished_text_bytes_ = 0;
};

}  // namespace tilt::adapters::tardis
