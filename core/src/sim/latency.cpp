#include "tilt/sim/latency.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string_view>

namespace tilt {

namespace {

std::vector<std::string_view> split_csv(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
      field.remove_prefix(1);
    while (!field.empty() &&
           (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) {
      field.remove_suffix(1);
    }
    out.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Duration lerp(Duration a, Duration b, double w) {
  return static_cast<Duration>(
      std::llround((1.0 - w) * static_cast<double>(a) + w * static_cast<double>(b)));
}

}  // namespace

RecordedLatency::RecordedLatency(std::vector<LatencyRow> rows, const std::string& source) {
  if (rows.empty()) throw DataError(source, "no latency rows");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const LatencyRow& r = rows[i];
    const auto line = static_cast<std::int64_t>(i + 1);
    if (i > 0 && r.req_ts < rows[i - 1].req_ts) {
      throw DataError(source, line, "req_ts", "rows are not in req_ts order");
    }
    if (r.resp_ts < r.req_ts) throw DataError(source, line, "resp_ts", "resp_ts before req_ts");
    if (!r.rejected() && (r.exch_ts < r.req_ts || r.resp_ts < r.exch_ts)) {
      throw DataError(source, line, "exch_ts", "negative entry or response latency");
    }
  }
  rows_ = std::make_shared<const std::vector<LatencyRow>>(std::move(rows));
}

RecordedLatency RecordedLatency::from_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path, "cannot open latency file");
  std::string line;
  if (!std::getline(in, line)) throw DataError(path, "empty latency file");
  const auto header = split_csv(line);
  int col[3] = {-1, -1, -1};
  const std::string_view names[3] = {"req_ts", "exch_ts", "resp_ts"};
  for (std::size_t c = 0; c < header.size(); ++c) {
    for (int k = 0; k < 3; ++k) {
      if (header[c] == names[k]) col[k] = static_cast<int>(c);
    }
  }
  for (int k = 0; k < 3; ++k) {
    if (col[k] < 0) throw DataError(path, 1, std::string(names[k]), "missing column in header");
  }
  std::vector<LatencyRow> rows;
  std::int64_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto fields = split_csv(line);
    Timestamp v[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
      const auto idx = static_cast<std::size_t>(col[k]);
      if (idx >= fields.size()) throw DataError(path, line_no, std::string(names[k]), "missing");
      const std::string_view f = fields[idx];
      const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v[k]);
      if (ec != std::errc() || ptr != f.data() + f.size()) {
        throw DataError(path, line_no, std::string(names[k]),
                        "expected integer nanoseconds, got '" + std::string(f) + "'");
      }
    }
    const LatencyRow row{v[0], v[1], v[2]};
    if (!rows.empty() && row.req_ts < rows.back().req_ts) {
      throw DataError(path, line_no, "req_ts", "rows are not in req_ts order");
    }
    if (row.resp_ts < row.req_ts)
      throw DataError(path, line_no, "resp_ts", "resp_ts before req_ts");
    if (!row.rejected() && (row.exch_ts < row.req_ts || row.resp_ts < row.exch_ts)) {
      throw DataError(path, line_no, "exch_ts", "negative entry or response latency");
    }
    rows.push_back(row);
  }
  return RecordedLatency(std::move(rows), path);
}

std::size_t RecordedLatency::locate(Timestamp t, std::size_t& cursor) const {
  const auto& rows = *rows_;
  if (cursor < rows.size() && rows[cursor].req_ts > t) {
    // Time went backwards: binary search for the last row with req_ts <= t.
    auto it = std::upper_bound(rows.begin(), rows.end(), t,
                               [](Timestamp x, const LatencyRow& r) { return x < r.req_ts; });
    cursor = it == rows.begin() ? 0 : static_cast<std::size_t>(it - rows.begin()) - 1;
    return cursor;
  }
  while (cursor + 1 < rows.size() && rows[cursor + 1].req_ts <= t) ++cursor;
  return cursor;
}

EntryLatency RecordedLatency::entry(Timestamp sent) {
  const auto& rows = *rows_;
  const std::size_t i = locate(sent, entry_cursor_);
  const LatencyRow& r = rows[i];
  if (r.rejected()) return {0, r.resp_ts - r.req_ts, true};
  Duration entry = r.exch_ts - r.req_ts;
  Duration response = r.resp_ts - r.exch_ts;
  if (i + 1 < rows.size() && !rows[i + 1].rejected() && sent > r.req_ts) {
    const LatencyRow& s = rows[i + 1];
    const double w =
        static_cast<double>(sent - r.req_ts) / static_cast<double>(s.req_ts - r.req_ts);
    entry = lerp(entry, s.exch_ts - s.req_ts, w);
    response = lerp(response, s.resp_ts - s.exch_ts, w);
  }
  return {entry, response, false};
}

Duration RecordedLatency::response(Timestamp exch_ts) {
  const auto& rows = *rows_;
  std::size_t i = locate(exch_ts, response_cursor_);
  // Skip rejection rows: back to the nearest valid row, else forward.
  std::size_t j = i;
  while (rows[j].rejected() && j > 0) --j;
  if (rows[j].rejected()) {
    j = i;
    while (j + 1 < rows.size() && rows[j].rejected()) ++j;
    if (rows[j].rejected()) return rows[i].resp_ts - rows[i].req_ts;  // only rejections recorded
  }
  const LatencyRow& r = rows[j];
  Duration response = r.resp_ts - r.exch_ts;
  if (j == i && i + 1 < rows.size() && !rows[i + 1].rejected() && exch_ts > r.req_ts) {
    const LatencyRow& s = rows[i + 1];
    const double w =
        static_cast<double>(exch_ts - r.req_ts) / static_cast<double>(s.req_ts - r.req_ts);
    response = lerp(response, s.resp_ts - s.exch_ts, w);
  }
  return response;
}

}  // namespace tilt
