// report_data_json: the run folder's tables turned into what the page draws, already downsampled.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

struct Fills {
  std::vector<std::int64_t> ts;
  std::vector<Side> side;
  std::vector<double> price, qty, mid, position_after, fee;
  std::vector<std::string> markout_columns;
  std::vector<std::vector<double>> markout_values;
  std::vector<const std::vector<double>*> markouts;  ///< into markout_values
};

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The fills table read in chunks straight into the columns the charts use: a long table costs
// those columns (~65 bytes a fill with three markouts), not the whole table with its text. A chunk
// in flight (packed rows, then split into columns with a string per text cell) costs ~250 bytes a
// row: 8K rows keep it near 2 MiB.
Fills read_fills(RunFolder& run) {
  constexpr std::size_t kChunkRows = 8 * 1024;
  const std::string& path = run.results_path;
  Fills f;
  // Sized once from summary.json's count: appending chunk by chunk would leave up to 2x slack.
  const auto count = run.summary.find("fills");
  if (count != run.summary.end() && count->is_number_integer() && count->get<std::int64_t>() > 0) {
    const auto n = static_cast<std::size_t>(count->get<std::int64_t>());
    f.ts.reserve(n);
    f.side.reserve(n);
    f.price.reserve(n);
    f.qty.reserve(n);
    f.mid.reserve(n);
    f.position_after.reserve(n);
  }
  try {
    read_table_chunks(path, "fills", kChunkRows, [&](const Table& chunk) {
      append(f.ts, column<std::int64_t>(chunk, path, "exch_ts"));
      for (const std::string& s : column<std::string>(chunk, path, "side")) {
        f.side.push_back(s == "buy" ? Side::buy : Side::sell);
      }
      append(f.price, column<double>(chunk, path, "price"));
      append(f.qty, column<double>(chunk, path, "qty"));
      append(f.mid, column<double>(chunk, path, "mid"));
      append(f.position_after, column<double>(chunk, path, "position_after"));
      if (f.markout_columns.empty()) {
        for (const Column& c : chunk.columns) {
          if (c.name.rfind("markout_", 0) == 0) f.markout_columns.push_back(c.name);
        }
        f.markout_values.resize(f.markout_columns.size());
        for (auto& values : f.markout_values) values.reserve(f.ts.capacity());
      }
      for (std::size_t k = 0; k < f.markout_columns.size(); ++k) {
        append(f.markout_values[k], column<double>(chunk, path, f.markout_columns[k]));
      }
    });
  } catch (const DataError& e) {
    if (!fs::exists(path)) throw;
    run.notes.push_back(std::string("results.h5 has no readable table fills: ") + e.what());
    return Fills{};
  }
  for (const auto& values : f.markout_values) f.markouts.push_back(&values);
  return f;
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
std::string inventory_section(const Fills& fills, const Table& equity, const std::string& path,
                              std::int64_t start_ts) {
  std::vector<std::int64_t> ts;
  std::vector<double> position;
  if (!fills.ts.empty()) {
    ts.push_back(std::min(start_ts, fills.ts.front()));
    position.push_back(0.0);
    ts.insert(ts.end(), fills.ts.begin(), fills.ts.end());
    position.insert(position.end(), fills.position_after.begin(), fills.position_after.end());
  } else if (!equity.columns.empty()) {
    ts = column<std::int64_t>(equity, path, "ts");
    position = column<double>(equity, path, "position");
  }
  const auto idx = downsample_min_max(ts, position, kReportBuckets);
  std::string text;
  {
    JsonObject out(text);
    out.integer("points", ts.size());
    out.times("t", ts, idx);
    out.values("position", position, idx);
  }
  return text;
}

std::string mid_section(const Table& signals, const Table& equity, const Fills& fills,
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
    std::vector<std::int64_t> ts;
    std::vector<double> price;
    for (std::size_t i = 0; i < fills.ts.size(); ++i) {
      if (fills.side[i] == side) {
        ts.push_back(fills.ts[i]);
        price.push_back(fills.price[i]);
      }
    }
    const auto idx = downsample_min_max(ts, price, kReportFillBuckets);
    std::string side_text;
    {
      JsonObject fills_out(side_text);
      fills_out.integer("points", ts.size());
      fills_out.times("t", ts, idx);
      fills_out.values("price", price, idx);
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
json markout_section(const Fills& fills, double tick_size) {
  json out = {
      {"labels", json::array({"fill"})}, {"markout", json::array()}, {"edge", json::array()}};
  std::vector<double> capture_ticks(fills.ts.size());
  for (std::size_t i = 0; i < fills.ts.size(); ++i) {
    capture_ticks[i] = sign(fills.side[i]) * (fills.mid[i] - fills.price[i]) / tick_size;
  }
  const MeanWithBand at_fill = mean_with_band(capture_ticks);
  out["markout"].push_back(band_json(MeanWithBand{0.0, 0.0, 0.0, at_fill.count, 0}));
  out["edge"].push_back(band_json(at_fill));
  std::vector<double> edge(fills.ts.size());
  for (std::size_t k = 0; k < fills.markouts.size(); ++k) {
    const std::vector<double>& markout = *fills.markouts[k];
    for (std::size_t i = 0; i < edge.size(); ++i) edge[i] = capture_ticks[i] + markout[i];
    out["labels"].push_back(fills.markout_columns[k].substr(std::string("markout_").size()));
    out["markout"].push_back(band_json(mean_with_band(markout)));
    out["edge"].push_back(band_json(mean_with_band(edge)));
  }
  return out;
}

std::string pnl_section(const Fills& fills, const Table& equity, const std::string& path,
                        const json& summary, double multiplier) {
  std::vector<double> capture(fills.ts.size());
  for (std::size_t i = 0; i < capture.size(); ++i) {
    capture[i] =
        spread_capture(fills.side[i], fills.price[i], fills.mid[i], fills.qty[i], multiplier);
  }
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
  const PnlSplit split = split_pnl(number_or(summary, "pnl", last_total),
                                   number_or(summary, "fees", last_fees), capture);
  const json totals = {{"total", split.total},
                       {"spread_capture", split.spread_capture},
                       {"inventory", split.inventory},
                       {"fees", split.fees}};
  out.raw("totals", totals.dump(-1, ' ', false, json::error_handler_t::replace));

  const std::vector<double> spread_series = cumulative_at(fills.ts, capture, ts);
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
  const Fills fills = read_fills(run);

  const json instrument = run.summary.value("instrument", json::object());
  double tick_size = 1.0;
  const double multiplier = number_or(instrument, "contract_multiplier", 1.0);
  std::int64_t start_ts = fills.ts.empty() ? 0 : fills.ts.front();
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
  if (run.summary.contains("data") && run.summary["data"].contains("first_exch_ts")) {
    const json& first = run.summary["data"]["first_exch_ts"];
    if (!first.is_number_integer()) {
      throw DataError(summary_path,
                      "data.first_exch_ts: expected integer nanoseconds, got " + first.dump());
    }
    start_ts = first.get<std::int64_t>();
  }

  json data;
  data["run_dir"] = fs::path(shown_dir.empty() ? run_dir : shown_dir).lexically_normal().string();
  data["summary"] = run.summary;
  data["config_yaml"] = run.config_yaml;
  data["buckets"] = kReportBuckets;
  data["fill_buckets"] = kReportFillBuckets;
  data["markout"] = markout_section(fills, tick_size);
  data["signals"] = signals_section(signals, run.results_path, driving_signal(run.config_yaml));
  data["fills"] = fills.ts.size();
  // The long series are JSON text already (JsonObject): spliced in after the rest.
  const std::string equity_text = equity_section(equity, run.results_path);
  const std::string inventory_text = inventory_section(fills, equity, run.results_path, start_ts);
  const std::string mid_text = mid_section(signals, equity, fills, run.results_path);
  const std::string pnl_text =
      pnl_section(fills, equity, run.results_path, run.summary, multiplier);
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
