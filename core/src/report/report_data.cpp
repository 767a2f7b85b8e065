// report_data_json: the run folder's tables turned into what the page draws, already downsampled.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>

#include "tilt/error.hpp"
#include "tilt/report/downsample.hpp"
#include "tilt/report/report.hpp"
#include "tilt/report/report_stats.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kHistogramBins = 60;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, "cannot open (is this a run folder?)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const Column* find_column(const Table& table, const std::string& name) {
  for (const Column& c : table.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

template <typename T>
const std::vector<T>& column(const Table& table, const std::string& path, const std::string& name) {
  const Column* c = find_column(table, name);
  const auto* values = c ? std::get_if<std::vector<T>>(&c->values) : nullptr;
  if (values == nullptr) {
    throw DataError(path, "table " + table.name + ": no column " + name + " of the expected type");
  }
  return *values;
}

// Seconds since the epoch for the charts' time axes; via whole microseconds, which a double holds
// exactly, so that neighbouring samples never collapse onto one x.
double seconds(std::int64_t ns) {
  const std::int64_t whole_us = ns / 1000;
  return static_cast<double>(whole_us) / 1e6;
}

// The charts' series are written as JSON text directly (tens of thousands of numbers in a long
// run): shortest round-trip decimal (std::to_chars), NaN and infinities as null, which the page
// reads as gaps. Building them as nlohmann::json values first cost more than the rest of the page.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_ += '{'; }
  JsonObject(const JsonObject&) = delete;
  JsonObject& operator=(const JsonObject&) = delete;
  ~JsonObject() { out_ += '}'; }

  void integer(const char* name, std::size_t value) {
    key(name);
    out_ += std::to_string(value);
  }
  void raw(const char* name, const std::string& json_text) {
    key(name);
    out_ += json_text;
  }
  // The x axis: seconds at each kept index.
  void times(const char* name, const std::vector<std::int64_t>& ts,
             const std::vector<std::size_t>& indices) {
    series(name, indices.size(), [&](std::size_t k) { seconds_text(ts[indices[k]]); });
  }
  void values(const char* name, const std::vector<double>& values,
              const std::vector<std::size_t>& indices) {
    series(name, indices.size(), [&](std::size_t k) { number(values[indices[k]]); });
  }
  // The same for points kept by a MinMaxDownsampler.
  void times(const char* name, const std::vector<SeriesPoint>& points) {
    series(name, points.size(), [&](std::size_t k) { seconds_text(points[k].x); });
  }
  void values(const char* name, const std::vector<SeriesPoint>& points) {
    series(name, points.size(), [&](std::size_t k) { number(points[k].y); });
  }

 private:
  // Room reserved per number up front (a comma and up to 17 significant digits with sign, point
  // and exponent mostly fit), so that a long series is not copied as the text grows.
  static constexpr std::size_t kCharsPerNumber = 24;

  // A JSON array of `count` numbers, the k-th written by write_one(k).
  template <class WriteOne>
  void series(const char* name, std::size_t count, WriteOne write_one) {
    key(name);
    out_.reserve(out_.size() + count * kCharsPerNumber);
    out_ += '[';
    for (std::size_t k = 0; k < count; ++k) {
      if (k > 0) out_ += ',';
      write_one(k);
    }
    out_ += ']';
  }

  void key(const char* name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;  // our own names: plain ASCII, nothing to escape
    out_ += "\":";
  }
  // seconds(ns) written as the exact decimal of its whole microseconds (trailing zeros dropped),
  // in integer arithmetic, several times faster than printing the double. It reads back as the
  // same double: seconds() divides exactly held microseconds by 1e6 with one rounding, to the
  // double nearest that decimal, which is what a JSON reader picks. Held exactly below 2^53 µs
  // (about the year 2255); beyond, the double is printed.
  void seconds_text(std::int64_t ns) {
    const std::int64_t whole_us = ns / 1000;
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    if (whole_us <= -kExact || whole_us >= kExact) {
      number(seconds(ns));
      return;
    }
    std::uint64_t magnitude =
        whole_us < 0 ? static_cast<std::uint64_t>(-whole_us) : static_cast<std::uint64_t>(whole_us);
    if (whole_us < 0) out_ += '-';
    char text[24];
    auto end = std::to_chars(text, text + sizeof text, magnitude / 1000000).ptr;
    std::uint64_t fraction = magnitude % 1000000;
    if (fraction != 0) {
      int digits = 6;
      while (fraction % 10 == 0) {
        fraction /= 10;
        --digits;
      }
      *end++ = '.';
      char* const first = end;
      end += digits;
      for (char* at = end; at != first;) {
        *--at = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
      }
    }
    out_.append(text, end);
  }
  void number(double v) {
    if (!std::isfinite(v)) {
      out_ += "null";
      return;
    }
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    out_.append(text, end);
  }

  std::string& out_;
  bool first_ = true;
};

double number_or(const json& object, const char* key, double fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

// The run folder as read once.
struct RunFolder {
  std::string results_path;
  json summary;
  std::string config_yaml;
  std::vector<std::string> notes;  // shown on the page: what was missing and why a chart is empty

  // A table, or an empty one (with a note) when results.h5 lacks it, as after a failed run.
  Table table(const std::string& name) {
    try {
      return read_table(results_path, name);
    } catch (const DataError& e) {
      if (!fs::exists(results_path)) throw;
      notes.push_back(std::string("results.h5 has no readable table ") + name + ": " + e.what());
      Table empty;
      empty.name = name;
      return empty;
    }
  }
};

// The strategy parameter naming the signal it trades on, when it has one.
std::string driving_signal(const std::string& config_yaml) {
  try {
    const YAML::Node root = YAML::Load(config_yaml);
    const YAML::Node signal = root["strategy"]["params"]["signal"];
    if (signal && signal.IsScalar()) return signal.Scalar();
  } catch (const YAML::Exception&) {
    // config.resolved.yaml unreadable: fall back to the first signal column
  }
  return "";
}

// One row of the fills table, as the report reads it.
struct FillRow {
  std::int64_t ts = 0;
  Side side = Side::buy;
  double price = 0.0;
  double qty = 0.0;
  double mid = 0.0;
  double position_after = 0.0;
};

// Calls row(FillRow, markouts) for each row of the fills table in order, `markouts` holding the
// row's markout_* values in the order of `markout_columns` (found in the first chunk when empty).
// The table is read in chunks: a chunk in flight (packed rows, then split into columns with a
// string per text cell) costs ~250 bytes a row, so 8K rows keep it near 2 MiB whatever the table's
// length.
template <class Row>
void for_each_fill(const std::string& path, std::vector<std::string>& markout_columns, Row row) {
  constexpr std::size_t kChunkRows = 8 * 1024;
  std::vector<const std::vector<double>*> markout_values;
  std::vector<double> markouts;
  read_table_chunks(path, "fills", kChunkRows, [&](const Table& chunk) {
    const auto& ts = column<std::int64_t>(chunk, path, "exch_ts");
    const auto& side = column<std::string>(chunk, path, "side");
    const auto& price = column<double>(chunk, path, "price");
    const auto& qty = column<double>(chunk, path, "qty");
    const auto& mid = column<double>(chunk, path, "mid");
    const auto& position_after = column<double>(chunk, path, "position_after");
    if (markout_columns.empty()) {
      for (const Column& c : chunk.columns) {
        if (c.name.rfind("markout_", 0) == 0) markout_columns.push_back(c.name);
      }
    }
    markout_values.clear();
    for (const std::string& name : markout_columns) {
      markout_values.push_back(&column<double>(chunk, path, name));
    }
    const std::size_t n = ts.size();
    bool same_length = side.size() == n && price.size() == n && qty.size() == n &&
                       mid.size() == n && position_after.size() == n;
    for (const auto* values : markout_values) same_length = same_length && values->size() == n;
    if (!same_length) throw DataError(path, "table fills: columns differ in length");
    markouts.resize(markout_values.size());
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < markouts.size(); ++k) markouts[k] = (*markout_values[k])[i];
      row(FillRow{ts[i], side[i] == "buy" ? Side::buy : Side::sell, price[i], qty[i], mid[i],
                  position_after[i]},
          std::span<const double>(markouts));
    }
  });
}

// The spread captured at a fill, in ticks (+ = in our favour).
double capture_ticks(const FillRow& f, double tick_size) {
  return sign(f.side) * (f.mid - f.price) / tick_size;
}

// What the page needs from the fills, gathered in two passes over the table so that the report's
// memory does not grow with the number of fills: O(buckets) per chart plus the equity samples.
// Pass 1 counts and sums (means, first and last timestamps); pass 2, which needs those, adds the
// squares around the means and feeds the downsamplers and the cumulative spread capture at the
// equity samples. Every sum adds the same values in the same order as the batch functions in
// report_stats.hpp and downsample.hpp would over whole columns, so the page is the same.
struct FillStats {
  struct SideStats {
    std::size_t count = 0;
    std::int64_t first_ts = 0;
    std::int64_t last_ts = 0;
    std::vector<SeriesPoint> kept;  // pass 2: downsampled (ts, price)
  };

  std::size_t count = 0;
  std::int64_t first_ts = 0;
  std::int64_t last_ts = 0;
  SideStats buy, sell;
  std::vector<std::string> markout_columns;
  MeanWithBandAccumulator at_fill;                     // capture in ticks
  std::vector<MeanWithBandAccumulator> markout, edge;  // per markout column
  double spread_capture = 0.0;                         // Σ finite spread capture (quote currency)
  std::vector<SeriesPoint> inventory;                  // pass 2: downsampled (ts, position)
  std::vector<double> spread_series;  // pass 2: cumulative spread capture at the equity samples

  SideStats& of(Side side) { return side == Side::buy ? buy : sell; }
  const SideStats& of(Side side) const { return side == Side::buy ? buy : sell; }
};

// Pass 1. A fills table that cannot be read leaves the page without fills, with a note.
FillStats read_fill_totals(RunFolder& run, double tick_size, double multiplier) {
  const std::string& path = run.results_path;
  FillStats f;
  try {
    for_each_fill(path, f.markout_columns, [&](const FillRow& row, std::span<const double> marks) {
      if (f.count == 0) f.first_ts = row.ts;
      f.last_ts = row.ts;
      ++f.count;
      FillStats::SideStats& side = f.of(row.side);
      if (side.count == 0) side.first_ts = row.ts;
      side.last_ts = row.ts;
      ++side.count;
      if (f.markout.size() != marks.size()) {
        f.markout.resize(marks.size());
        f.edge.resize(marks.size());
      }
      const double ticks = capture_ticks(row, tick_size);
      f.at_fill.add(ticks);
      for (std::size_t k = 0; k < marks.size(); ++k) {
        f.markout[k].add(marks[k]);
        f.edge[k].add(ticks + marks[k]);
      }
      const double capture = spread_capture(row.side, row.price, row.mid, row.qty, multiplier);
      if (std::isfinite(capture)) f.spread_capture += capture;
    });
  } catch (const DataError& e) {
    if (!fs::exists(path)) throw;
    run.notes.push_back(std::string("results.h5 has no readable table fills: ") + e.what());
    return FillStats{};
  }
  f.markout.resize(f.markout_columns.size());
  f.edge.resize(f.markout_columns.size());
  return f;
}

// Pass 2, given pass 1's totals, the inventory chart's start and the equity samples' times.
void read_fill_series(const std::string& path, FillStats& f, double tick_size, double multiplier,
                      std::int64_t start_ts, std::span<const std::int64_t> equity_ts) {
  CumulativeAt spread_series(equity_ts);
  if (f.count == 0) {
    f.spread_series = spread_series.finish();
    return;
  }
  // Inventory exactly as the fills moved it: from 0 at the start, a step per fill.
  MinMaxDownsampler inventory(std::min(start_ts, f.first_ts), f.last_ts, f.count + 1,
                              kReportBuckets);
  inventory.add(std::min(start_ts, f.first_ts), 0.0);
  MinMaxDownsampler buys(f.buy.first_ts, f.buy.last_ts, f.buy.count, kReportFillBuckets);
  MinMaxDownsampler sells(f.sell.first_ts, f.sell.last_ts, f.sell.count, kReportFillBuckets);
  std::vector<std::string> markout_columns = f.markout_columns;
  for_each_fill(path, markout_columns, [&](const FillRow& row, std::span<const double> marks) {
    if (marks.size() != f.markout.size()) {
      throw DataError(path, "table fills: changed while the report read it");
    }
    const double ticks = capture_ticks(row, tick_size);
    f.at_fill.add_square(ticks);
    for (std::size_t k = 0; k < marks.size(); ++k) {
      f.markout[k].add_square(marks[k]);
      f.edge[k].add_square(ticks + marks[k]);
    }
    inventory.add(row.ts, row.position_after);
    (row.side == Side::buy ? buys : sells).add(row.ts, row.price);
    spread_series.add(row.ts, spread_capture(row.side, row.price, row.mid, row.qty, multiplier));
  });
  f.inventory = inventory.finish();
  f.buy.kept = buys.finish();
  f.sell.kept = sells.finish();
  f.spread_series = spread_series.finish();
}

std::string equity_section(const Table& equity, const std::string& path) {
  std::string text;
  JsonObject out(text);
  if (equity.columns.empty() || equity.rows() == 0) {
    out.integer("points", 0);
    return text;
  }
  const auto& ts = column<std::int64_t>(equity, path, "ts");
  const auto& pnl = column<double>(equity, path, "equity");
  // Drawdown from the running peak of P&L, which starts at 0 when the run starts.
  std::vector<double> drawdown(pnl.size());
  double peak = 0.0;
  for (std::size_t i = 0; i < pnl.size(); ++i) {
    if (std::isfinite(pnl[i])) peak = std::max(peak, pnl[i]);
    drawdown[i] = pnl[i] - peak;
  }
  const auto idx = merge_indices({downsample_min_max(ts, pnl, kReportBuckets),
                                  downsample_min_max(ts, drawdown, kReportBuckets)});
  out.integer("points", ts.size());
  out.times("t", ts, idx);
  out.values("equity", pnl, idx);
  out.values("drawdown", drawdown, idx);
  return text;
}

// Inventory exactly as the fills moved it (a step per fill); the sampled equity.position when
// there were no fills.
std::string inventory_section(const FillStats& fills, const Table& equity,
                              const std::string& path) {
  std::string text;
  JsonObject out(text);
  if (fills.count > 0) {
    out.integer("points", fills.count + 1);
    out.times("t", fills.inventory);
    out.values("position", fills.inventory);
    return text;
  }
  std::vector<std::int64_t> ts;
  std::vector<double> position;
  if (!equity.columns.empty()) {
    ts = column<std::int64_t>(equity, path, "ts");
    position = column<double>(equity, path, "position");
  }
  const auto idx = downsample_min_max(ts, position, kReportBuckets);
  out.integer("points", ts.size());
  out.times("t", ts, idx);
  out.values("position", position, idx);
  return text;
}

std::string mid_section(const Table& signals, const Table& equity, const FillStats& fills,
                        const std::string& path) {
  std::string text;
  JsonObject out(text);
  const Table* source = nullptr;
  const char* ts_name = "ts";
  const char* mid_name = "mid";
  if (!signals.columns.empty() && signals.rows() > 0) {
    source = &signals;
  } else if (!equity.columns.empty()) {
    source = &equity;
    mid_name = "mark";
  }
  if (source != nullptr) {
    const auto& ts = column<std::int64_t>(*source, path, ts_name);
    const auto& mid = column<double>(*source, path, mid_name);
    const auto idx = downsample_min_max(ts, mid, kReportBuckets);
    out.integer("points", ts.size());
    out.times("t", ts, idx);
    out.values("mid", mid, idx);
  } else {
    out.integer("points", 0);
    out.raw("t", "[]");
    out.raw("mid", "[]");
  }
  // Fills by side, each downsampled on its own so that the extreme fill prices stay visible.
  for (const Side side : {Side::buy, Side::sell}) {
    const FillStats::SideStats& fills_of_side = fills.of(side);
    std::string side_text;
    {
      JsonObject fills_out(side_text);
      fills_out.integer("points", fills_of_side.count);
      fills_out.times("t", fills_of_side.kept);
      fills_out.values("price", fills_of_side.kept);
    }
    out.raw(side == Side::buy ? "buy" : "sell", side_text);
  }
  return text;
}

json band_json(const MeanWithBand& m) {
  return {{"mean", m.mean}, {"low", m.low}, {"high", m.high}, {"count", m.count}};
}

// Mean mid move after our fills (ticks, + = in our favour) by horizon, and the edge it leaves:
// the spread captured at the fill plus the later mid move.
json markout_section(const FillStats& fills) {
  json out = {
      {"labels", json::array({"fill"})}, {"markout", json::array()}, {"edge", json::array()}};
  const MeanWithBand at_fill = fills.at_fill.result();
  out["markout"].push_back(band_json(MeanWithBand{0.0, 0.0, 0.0, at_fill.count, 0}));
  out["edge"].push_back(band_json(at_fill));
  for (std::size_t k = 0; k < fills.markout_columns.size(); ++k) {
    out["labels"].push_back(fills.markout_columns[k].substr(std::string("markout_").size()));
    out["markout"].push_back(band_json(fills.markout[k].result()));
    out["edge"].push_back(band_json(fills.edge[k].result()));
  }
  return out;
}

std::string pnl_section(const FillStats& fills, const Table& equity, const std::string& path,
                        const json& summary) {
  std::string text;
  JsonObject out(text);
  std::vector<double> total_series, fee_series;
  std::vector<std::int64_t> ts;
  if (!equity.columns.empty()) {
    ts = column<std::int64_t>(equity, path, "ts");
    total_series = column<double>(equity, path, "equity");
    fee_series = column<double>(equity, path, "fees");
  }
  const double last_total = total_series.empty() ? 0.0 : total_series.back();
  const double last_fees = fee_series.empty() ? 0.0 : fee_series.back();
  const PnlSplit split =
      split_pnl_of_sum(number_or(summary, "pnl", last_total), number_or(summary, "fees", last_fees),
                       fills.spread_capture);
  const json totals = {{"total", split.total},
                       {"spread_capture", split.spread_capture},
                       {"inventory", split.inventory},
                       {"fees", split.fees}};
  out.raw("totals", totals.dump(-1, ' ', false, json::error_handler_t::replace));

  const std::vector<double>& spread_series = fills.spread_series;
  std::vector<double> inventory_series(ts.size()), negative_fees(ts.size());
  for (std::size_t i = 0; i < ts.size(); ++i) {
    inventory_series[i] = total_series[i] - spread_series[i] + fee_series[i];
    negative_fees[i] = -fee_series[i];
  }
  const auto idx = merge_indices({downsample_min_max(ts, total_series, kReportBuckets),
                                  downsample_min_max(ts, spread_series, kReportBuckets),
                                  downsample_min_max(ts, inventory_series, kReportBuckets),
                                  downsample_min_max(ts, negative_fees, kReportBuckets)});
  out.integer("points", ts.size());
  out.times("t", ts, idx);
  out.values("total", total_series, idx);
  out.values("spread_capture", spread_series, idx);
  out.values("inventory", inventory_series, idx);
  out.values("fees_negated", negative_fees, idx);
  return text;
}

json signals_section(const Table& signals, const std::string& path, const std::string& driving) {
  json out = json::array();
  std::vector<const Column*> columns;
  for (const Column& c : signals.columns) {
    if (c.name == "ts" || c.name == "mid") continue;
    if (std::get_if<std::vector<double>>(&c.values) == nullptr) continue;
    columns.push_back(&c);
  }
  // The strategy's own signal first: it is the one the page opens on.
  std::stable_partition(columns.begin(), columns.end(),
                        [&driving](const Column* c) { return c->name == driving; });
  for (const Column* c : columns) {
    const Histogram h = make_histogram(column<double>(signals, path, c->name), kHistogramBins);
    out.push_back({{"name", c->name},
                   {"driving", c->name == driving},
                   {"edges", h.edges},
                   {"counts", h.counts},
                   {"below", h.below},
                   {"above", h.above},
                   {"invalid", h.invalid},
                   {"mean", h.mean},
                   {"stddev", h.stddev},
                   {"samples", c->size()}});
  }
  return out;
}

}  // namespace

std::string report_data_json(const std::string& run_dir, const std::string& shown_dir) {
  RunFolder run;
  run.results_path = (fs::path(run_dir) / "results.h5").string();
  const std::string summary_path = (fs::path(run_dir) / "summary.json").string();
  try {
    run.summary = json::parse(read_text(summary_path));
  } catch (const json::exception& e) {
    throw DataError(summary_path, std::string("not valid JSON: ") + e.what());
  }
  if (!run.summary.is_object()) {
    throw DataError(summary_path, std::string("expected a JSON object (a run summary), got ") +
                                      run.summary.type_name());
  }
  const std::string config_path = (fs::path(run_dir) / "config.resolved.yaml").string();
  if (fs::exists(config_path)) {
    run.config_yaml = read_text(config_path);
  } else {
    run.notes.emplace_back("no config.resolved.yaml in the run folder");
  }
  if (!fs::exists(run.results_path)) throw DataError(run.results_path, "no such file");

  const Table equity = run.table("equity");
  const Table signals = run.table("signals");

  const json instrument = run.summary.value("instrument", json::object());
  double tick_size = 1.0;
  const double multiplier = number_or(instrument, "contract_multiplier", 1.0);
  // A hand-edited summary.json: a value of the wrong kind is the user's error, named.
  if (instrument.contains("tick_size") && instrument["tick_size"].is_string()) {
    const std::string text = instrument["tick_size"].get<std::string>();
    char* end = nullptr;
    tick_size = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(tick_size > 0)) {
      throw DataError(summary_path,
                      "instrument.tick_size: expected a positive decimal, got '" + text + "'");
    }
  }
  FillStats fills = read_fill_totals(run, tick_size, multiplier);
  std::int64_t start_ts = fills.count == 0 ? 0 : fills.first_ts;
  if (run.summary.contains("data") && run.summary["data"].contains("first_exch_ts")) {
    const json& first = run.summary["data"]["first_exch_ts"];
    if (!first.is_number_integer()) {
      throw DataError(summary_path,
                      "data.first_exch_ts: expected integer nanoseconds, got " + first.dump());
    }
    start_ts = first.get<std::int64_t>();
  }
  std::span<const std::int64_t> equity_ts;
  if (!equity.columns.empty()) equity_ts = column<std::int64_t>(equity, run.results_path, "ts");
  read_fill_series(run.results_path, fills, tick_size, multiplier, start_ts, equity_ts);

  json data;
  data["run_dir"] = fs::path(shown_dir.empty() ? run_dir : shown_dir).lexically_normal().string();
  data["summary"] = run.summary;
  data["config_yaml"] = run.config_yaml;
  data["buckets"] = kReportBuckets;
  data["fill_buckets"] = kReportFillBuckets;
  data["markout"] = markout_section(fills);
  data["signals"] = signals_section(signals, run.results_path, driving_signal(run.config_yaml));
  data["fills"] = fills.count;
  // The long series are JSON text already (JsonObject): spliced in after the rest.
  const std::string equity_text = equity_section(equity, run.results_path);
  const std::string inventory_text = inventory_section(fills, equity, run.results_path);
  const std::string mid_text = mid_section(signals, equity, fills, run.results_path);
  const std::string pnl_text = pnl_section(fills, equity, run.results_path, run.summary);
  data["notes"] = run.notes;  // last: notes made while reading the tables
  std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();  // the object's closing brace
  text.reserve(text.size() + equity_text.size() + inventory_text.size() + mid_text.size() +
               pnl_text.size() + 64);
  text += ",\"equity\":";
  text += equity_text;
  text += ",\"inventory\":";
  text += inventory_text;
  text += ",\"mid\":";
  text += mid_text;
  text += ",\"pnl\":";
  text += pnl_text;
  text += '}';
  return text;
}

}  // namespace tilt
