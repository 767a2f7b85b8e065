#include "adapters/tardis/tardis_files.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "adapters/csv/fields.hpp"
#include "tilt/error.hpp"

namespace tilt::adapters::tardis {
namespace {

constexpr std::array<std::string_view, 4> kCommon = {"exchange", "symbol", "timestamp",
                                                     "local_timestamp"};
constexpr std::array<std::string_view, 4> kIncrementalTail = {"is_snapshot", "side", "price",
                                                              "amount"};
constexpr std::array<std::string_view, 4> kTradesTail = {"id", "side", "price", "amount"};

std::vector<std::string_view> split_all(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string snapshot_column(int level, int which) {
  static constexpr std::array<std::string_view, 4> kNames = {"asks[%].price", "asks[%].amount",
                                                             "bids[%].price", "bids[%].amount"};
  std::string name(kNames[static_cast<std::size_t>(which)]);
  name.replace(name.find('%'), 1, std::to_string(level));
  return name;
}

// Compares `got` with `expected` column by column and throws naming the first difference.
void require_columns(const std::vector<std::string_view>& got,
                     const std::vector<std::string>& expected, const std::string& file,
                     std::string_view kind) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (i >= got.size() || got[i] != expected[i]) {
      const bool present = std::find(got.begin(), got.end(), expected[i]) != got.end();
      throw DataError(
          file, 1, "header",
          present ? "column " + std::to_string(i + 1) + " should be '" + expected[i] +
                        "' for a Tardis " + std::string(kind) + " file, got '" +
                        std::string(i < got.size() ? got[i] : "") + "'"
                  : "missing column '" + expected[i] + "' (Tardis " + std::string(kind) + " file)");
    }
  }
  if (got.size() > expected.size()) {
    throw DataError(file, 1, "header",
                    "unexpected extra column '" + std::string(got[expected.size()]) +
                        "' for a Tardis " + std::string(kind) + " file");
  }
}

}  // namespace

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::incremental_book_L2:
      return "incremental_book_L2";
    case FileKind::book_snapshot:
      return "book_snapshot";
    case FileKind::trades:
      return "trades";
  }
  return "unknown";
}

Header parse_header(std::string_view line, const std::string& file) {
  const auto got = split_all(line);
  std::vector<std::string> expected(kCommon.begin(), kCommon.end());
  Header header;
  const bool has = [&] { return std::find(got.begin(), got.end(), "is_snapshot") != got.end(); }();
  if (got.size() > 4 && got[4].starts_with("asks[")) {
    // book_snapshot_N: 4 columns per level.
    if ((got.size() - 4) % 4 != 0 || got.size() < 8) {
      throw DataError(
          file, 1, "header",
          "a Tardis book_snapshot header has 4 + 4N columns, got " + std::to_string(got.size()));
    }
    header.kind = FileKind::book_snapshot;
    header.snapshot_levels = static_cast<int>((got.size() - 4) / 4);
    for (int level = 0; level < header.snapshot_levels; ++level)
      for (int which = 0; which < 4; ++which) expected.push_back(snapshot_column(level, which));
  } else if (has || std::find(got.begin(), got.end(), "id") == got.end()) {
    header.kind = FileKind::incremental_book_L2;
    expected.insert(expected.end(), kIncrementalTail.begin(), kIncrementalTail.end());
  } else {
    header.kind = FileKind::trades;
    expected.insert(expected.end(), kTradesTail.begin(), kTradesTail.end());
  }
  require_columns(got, expected, file, to_string(header.kind));
  header.columns = expected.size();
  return header;
}

Header read_header(const std::string& path) {
  LineReader reader(path);
  std::string_view line;
  if (!reader.next(line)) throw DataError(path, "empty file: no Tardis header");
  return parse_header(line, path);
}

bool parse_micros(std::string_view text, Timestamp& ns) {
  std::int64_t micros = 0;
  if (!parse_int(text, micros)) return false;
  if (micros < 0 || micros > (kMaxEventMagnitude - 1) / 1000) return false;  // the store's range
  ns = micros * 1000;
  return true;
}

namespace {

// Exchange time of the first data row, for ordering files; max() for a file without data rows.
Timestamp first_exchange_time(const std::string& path) {
  LineReader reader(path, LineReader::Options{true, 64 * 1024});
  std::string_view line;
  if (!reader.next(line)) return std::numeric_limits<Timestamp>::max();
  if (!reader.next(line)) return std::numeric_limits<Timestamp>::max();
  std::array<std::string_view, 4> fields;
  Timestamp ts = 0;
  if (split_fields(line, fields) < 3 || !parse_micros(fields[2], ts))
    return std::numeric_limits<Timestamp>::min();  // bad first row: keep the file first, fail there
  return ts;
}

}  // namespace

RowCursor::RowCursor(std::vector<std::string> paths, Repairs& repairs) : repairs_(&repairs) {
  if (paths.empty()) throw Error("no input files");
  std::vector<std::pair<Timestamp, std::size_t>> order;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Header h = read_header(paths[i]);
    if (i == 0) {
      header_ = h;
    } else if (h.kind != header_.kind || h.snapshot_levels != header_.snapshot_levels) {
      throw DataError(paths[i], 1, "header",
                      "is a Tardis " + std::string(to_string(h.kind)) + " file but " + paths[0] +
                          " is " + std::string(to_string(header_.kind)) +
                          ": files of one kind only");
    }
    order.emplace_back(first_exchange_time(paths[i]), i);
    LineReader probe(paths[i]);
    file_bytes_total_ += probe.file_bytes();
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [ts, i] : order) paths_.push_back(std::move(paths[i]));
  fields_.resize(header_.columns + 1);
}

RowCursor::RowCursor(RowCursor&&) noexcept = default;
RowCursor::~RowCursor() = default;

const std::string& RowCursor::file() const {
  static const std::string none;
  return reader_ ? reader_->path() : none;
}

std::int64_t RowCursor::line() const {
  return reader_ ? reader_->line_number() : 0;
}

std::int64_t RowCursor::file_bytes_done() const {
  return finished_file_bytes_ + (reader_ ? reader_->file_offset() : 0);
}

std::int64_t RowCursor::text_bytes() const {
  return finished_text_bytes_ + (reader_ ? reader_->text_bytes() : 0);
}

bool RowCursor::open_next_file() {
  if (reader_) {
    if (reader_->truncated()) {
      repairs_->count(RepairKind::truncated_input,
                      reader_->path() + ":" + std::to_string(reader_->line_number() + 1) +
                          ": gzip stream ends early; kept the lines before the cut");
    }
    finished_file_bytes_ += reader_->file_bytes();
    finished_text_bytes_ += reader_->text_bytes();
    reader_.reset();
  }
  if (next_file_ == paths_.size()) return false;
  reader_ = std::make_unique<LineReader>(paths_[next_file_++],
                                         LineReader::Options{repairs_->lenient(), 1 << 20});
  std::string_view header_line;
  reader_->next(header_line);  // checked in the constructor
  return true;
}

bool RowCursor::next(std::span<const std::string_view>& fields) {
  std::string_view line;
  for (;;) {
    if (reader_ && reader_->next(line)) {
      if (line.empty()) continue;  // a blank line (e.g. at the end) carries nothing
      ++rows_;
      const std::size_t n = std::min(split_fields(line, fields_), fields_.size());
      fields = std::span<const std::string_view>(fields_.data(), n);
      return true;
    }
    if (!open_next_file()) return false;
  }
}

}  // namespace tilt::adapters::tardis
