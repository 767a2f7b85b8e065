// tilt convert: vendor market data (Tardis CSV, LOBSTER) into tilt's native event store.
//
//   tilt convert --from tardis --book BOOK.csv[.gz]... [--trades TRADES.csv[.gz]...] --symbol S
//                --tick-size X --lot-size Y [--policy strict|lenient] [--crossed repair|error]
//                -o OUT.h5
//   tilt convert --from tardis-snapshot --book book_snapshot_25.csv ... (or --from tardis: the
//                header tells a book_snapshot_N file apart)
//   tilt convert --from lobster --messages MSG.csv --orderbook OB.csv --symbol S --tick-size X
//                --lot-size Y [--feed-latency D] [--date YYYY-MM-DD] [--utc-offset -04:00] -o
//                OUT.h5
//
// Instrument metadata comes from flags or from a small YAML file (--instrument FILE with keys
// symbol, tick_size, lot_size, contract_multiplier, maker_fee, taker_fee, calendar); flags override
// the file. The trading calendar (crypto_24_7 | us_equities, for the annualized Sharpe) defaults to
// us_equities for LOBSTER (NASDAQ) and crypto_24_7 for Tardis.
//
// --policy decides about bad rows (strict stops, lenient repairs and counts). --crossed decides
// about a book still crossed once a whole venue message (the rows of one exchange timestamp) is
// in: repair (default, as for `tilt run` and `tilt book`) drops the stale side and counts
// repairs.crossed_book in the store; error stops. A book locked mid-message is never a problem.
//
// The summary (rows read, events written, repairs by kind, negative feed latency, sub-tick trades)
// goes to stdout; progress to stderr. Negative feed latency (local_ts < exch_ts: the recorder's
// clock behind the venue's) is not repaired: the store keeps the timestamps as recorded and the
// counters feed.negative_latency_events and feed.worst_negative_latency_ns.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "adapters/csv/conversion.hpp"
#include "adapters/csv/policy.hpp"
#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/tardis/tardis_convert.hpp"
#include "command.hpp"
#include "core/src/config/yaml_section.hpp"
#include "format_util.hpp"
#include "progress.hpp"
#include "tilt/book/book_error.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::cli {
namespace {

struct Options {
  std::string from;
  std::vector<std::string> book;
  std::vector<std::string> trades;
  std::string messages;
  std::string orderbook;
  std::string instrument_file;
  std::string symbol;
  std::string vendor_symbol;
  std::string tick_size;
  std::string lot_size;
  std::optional<double> contract_multiplier;
  std::optional<double> maker_fee;
  std::optional<double> taker_fee;
  std::string policy = "strict";
  std::string crossed = "repair";
  std::string time_tolerance = "0";
  std::string feed_latency = "0";
  std::string date;
  std::string utc_offset;
  std::string compression = "blosc_lz4";
  std::string out;
  bool quiet = false;
};

/// "0", "250us", "1.5ms", "2s", "100ns" as nanoseconds.
Duration parse_duration(const std::string& text, const std::string& flag) {
  std::size_t unit = text.find_first_not_of("0123456789.");
  const std::string number = text.substr(0, unit);
  const std::string suffix = unit == std::string::npos ? "" : text.substr(unit);
  const auto value = Decimal::parse(number);
  double scale = 0;
  if (suffix == "ns" || (suffix.empty() && value && value->units == 0))
    scale = 1;
  else if (suffix == "us")
    scale = 1e3;
  else if (suffix == "ms")
    scale = 1e6;
  else if (suffix == "s")
    scale = 1e9;
  if (!value || scale == 0 || value->units < 0)
    throw Error("tilt convert: " + flag + ": expected a duration like 250us, 1ms or 0, got '" +
                text + "'");
  return static_cast<Duration>(std::llround(value->to_double() * scale));
}

Decimal parse_step(const std::string& text, const std::string& what) {
  const auto d = Decimal::parse(text);
  if (!d || !d->is_positive())
    throw Error("tilt convert: " + what + ": expected a positive decimal, got '" + text + "'");
  return *d;
}

// Reads the instrument YAML; every key must be known, values of the right type.
void read_instrument_yaml(const std::string& file, Instrument& instrument, bool& have_tick,
                          bool& have_lot, bool& have_calendar) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))  // reading it would fail with a bare stream error
    throw Error(file + ": is a directory, expected an instrument YAML file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file + ": cannot open instrument file");
  std::stringstream text;
  text << in.rdbuf();
  // As for run configs: UTF-8 (the symbol is stored as text), valid YAML, a map at the top.
  const YAML::Node root =
      config_detail::load_yaml_root(text.str(), file, "a map of instrument keys");
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    auto fail = [&](const YAML::Node& node, const std::string& expected) {
      throw ConfigError(file, node.Mark().line + 1, node.Mark().column + 1, key, expected,
                        node.IsScalar() ? "'" + node.Scalar() + "'" : "a nested value");
    };
    if (!v.IsScalar()) fail(v, "a scalar");
    auto number = [&]() {
      try {
        return v.as<double>();
      } catch (const YAML::BadConversion&) {
        fail(v, "a number");
      }
      return 0.0;
    };
    if (key == "symbol") {
      instrument.symbol = v.Scalar();
    } else if (key == "tick_size" || key == "lot_size") {
      const auto d = Decimal::parse(v.Scalar());
      if (!d || !d->is_positive()) fail(v, "a positive decimal");
      (key == "tick_size" ? instrument.tick_size : instrument.lot_size) = *d;
      (key == "tick_size" ? have_tick : have_lot) = true;
    } else if (key == "contract_multiplier") {
      instrument.contract_multiplier = number();
    } else if (key == "maker_fee") {
      instrument.maker_fee = number();
    } else if (key == "taker_fee") {
      instrument.taker_fee = number();
    } else if (key == "calendar") {
      const auto calendar = trading_calendar_from_string(v.Scalar());
      if (!calendar) fail(v, "crypto_24_7 or us_equities");
      instrument.calendar = *calendar;
      have_calendar = true;
    } else {
      throw ConfigError(file, kv.first.Mark().line + 1, kv.first.Mark().column + 1, key,
                        "one of symbol, tick_size, lot_size, contract_multiplier, maker_fee, "
                        "taker_fee, calendar",
                        "unknown key '" + key + "'");
    }
  }
}

Instrument build_instrument(const Options& o) {
  Instrument instrument;
  bool have_tick = false;
  bool have_lot = false;
  bool have_calendar = false;
  if (!o.instrument_file.empty())
    read_instrument_yaml(o.instrument_file, instrument, have_tick, have_lot, have_calendar);
  if (!have_calendar && o.from == "lobster") instrument.calendar = TradingCalendar::us_equities;
  if (!o.symbol.empty()) instrument.symbol = o.symbol;
  if (!o.tick_size.empty()) {
    instrument.tick_size = parse_step(o.tick_size, "--tick-size");
    have_tick = true;
  }
  if (!o.lot_size.empty()) {
    instrument.lot_size = parse_step(o.lot_size, "--lot-size");
    have_lot = true;
  }
  if (o.contract_multiplier) instrument.contract_multiplier = *o.contract_multiplier;
  if (o.maker_fee) instrument.maker_fee = *o.maker_fee;
  if (o.taker_fee) instrument.taker_fee = *o.taker_fee;
  if (instrument.symbol.empty())
    throw Error("tilt convert: no symbol: give --symbol or --instrument");
  if (!have_tick || !have_lot)
    throw Error(
        "tilt convert: give --tick-size and --lot-size (or an --instrument file with them)");
  instrument.validate();
  return instrument;
}

void print_summary(const Options& o, const adapters::ConversionStats& stats, double secs) {
  fmt::print("converted {} -> {}\n", o.from, o.out);
  fmt::print("  rows read       {}\n", format_count(stats.rows_read));
  fmt::print("  events written  {}\n", format_count(stats.events_written));
  fmt::print(
      "  input           {:.1f} MB CSV ({:.1f} MB on disk) in {:.2f} s: {:.2f} M rows/s, "
      "{:.0f} MB/s\n",
      static_cast<double>(stats.text_bytes) / 1e6, static_cast<double>(stats.file_bytes) / 1e6,
      secs, static_cast<double>(stats.rows_read) / secs / 1e6,
      static_cast<double>(stats.text_bytes) / secs / 1e6);
  bool any_repair = false;
  for (const auto& [name, value] : stats.counters) {
    if (name.rfind("repairs.", 0) != 0) continue;
    if (!any_repair) fmt::print("  repairs ({} policy):\n", o.policy);
    any_repair = true;
    fmt::print("    {:<28} {:>10}   first: {}\n", name.substr(8), format_count(value),
               stats.repair_examples.count(name) ? stats.repair_examples.at(name) : "");
  }
  if (!any_repair) fmt::print("  repairs         none\n");
  const auto counter = [&stats](const char* name) {
    const auto it = stats.counters.find(name);
    return it == stats.counters.end() ? std::int64_t{0} : it->second;
  };
  const std::int64_t negative = counter(adapters::kNegativeLatencyEventsCounter);
  if (negative > 0) {
    fmt::print(
        "  feed clock      negative feed latency (local time before exchange time) on {} of {} "
        "events, worst {}: timestamps kept as recorded\n",
        format_count(negative), format_count(stats.events_written),
        format_duration(counter(adapters::kWorstNegativeLatencyCounter)));
  } else {
    fmt::print("  feed clock      no negative feed latency\n");
  }
  fmt::print("  sub-tick trades {}\n", format_count(counter(adapters::kSubTickTradesCounter)));
  for (const auto& [name, value] : stats.counters) {
    if (name.rfind("repairs.", 0) == 0) continue;
    fmt::print("  {:<30} {}\n", name, format_count(value));
  }
}

int run_convert(Options& o) {
  const Instrument instrument = build_instrument(o);
  const adapters::Policy policy = adapters::policy_from_string(o.policy);
  const CrossedPolicy crossed = crossed_policy_from_string(o.crossed);
  const auto parent = std::filesystem::path(o.out).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  StoreOptions store_options;
  store_options.compression = compression_from_string(o.compression);
  StoreWriter writer(o.out, instrument, store_options);
  const adapters::EventSink sink = [&writer](std::span<const Event> batch) {
    writer.append(batch);
  };
  ProgressReporter printer("convert", o.quiet);
  const adapters::ProgressFn progress = [&printer](const adapters::Progress& p) {
    if (p.bytes_total <= 0) return;
    const double fraction = static_cast<double>(std::min(p.bytes_done, p.bytes_total)) /
                            static_cast<double>(p.bytes_total);
    printer.update(fraction, format_count(p.rows) + " rows");
  };
  const auto start = std::chrono::steady_clock::now();
  adapters::ConversionStats stats;
  std::string sources;
  if (o.from == "tardis" || o.from == "tardis-snapshot") {
    if (o.book.empty()) throw Error("tilt convert --from " + o.from + ": give --book FILE...");
    adapters::tardis::ConvertOptions t;
    t.book_files = o.book;
    t.trade_files = o.trades;
    t.instrument = instrument;
    t.policy = policy;
    t.stream.vendor_symbol = o.vendor_symbol.empty() ? instrument.symbol : o.vendor_symbol;
    if (o.vendor_symbol == "*") t.stream.vendor_symbol.clear();
    t.stream.time_tolerance = parse_duration(o.time_tolerance, "--time-tolerance");
    t.stream.crossed = crossed;
    t.require_snapshot_files = o.from == "tardis-snapshot";
    stats = adapters::tardis::convert(t, sink, progress);
    for (const auto& f : o.book) sources += (sources.empty() ? "" : ",") + f;
    for (const auto& f : o.trades) sources += "," + f;
  } else if (o.from == "lobster") {
    if (o.messages.empty() || o.orderbook.empty())
      throw Error("tilt convert --from lobster: give --messages FILE and --orderbook FILE");
    adapters::lobster::ConvertOptions l;
    l.message_file = o.messages;
    l.orderbook_file = o.orderbook;
    l.instrument = instrument;
    l.policy = policy;
    l.trading_date = o.date;
    l.utc_offset = o.utc_offset;
    l.feed_latency = parse_duration(o.feed_latency, "--feed-latency");
    l.crossed = crossed;
    stats = adapters::lobster::convert(l, sink, progress);
    sources = o.messages + "," + o.orderbook;
  } else {
    throw Error("tilt convert: --from must be tardis, tardis-snapshot or lobster");
  }
  printer.finish();
  if (stats.events_written == 0) {
    // An empty store would run as an empty backtest without a word: refuse to write one.
    throw DataError(sources, stats.rows_read == 0
                                 ? "no data rows: nothing to convert"
                                 : "no events from " + std::to_string(stats.rows_read) +
                                       " rows (every row was skipped): nothing to convert");
  }
  for (const auto& [name, value] : stats.counters) writer.set_counter(name, value);
  writer.set_counter("convert.rows_read", stats.rows_read);
  writer.set_text("source", o.from);
  writer.set_text("source_files", sources);
  writer.set_text("convert_policy", o.policy);
  writer.set_text("convert_crossed", o.crossed);
  writer.close();
  const double secs = std::max(
      1e-9, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!o.quiet) print_summary(o, stats, secs);
  return 0;
}

void setup_convert(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd =
      app.add_subcommand("convert", "Convert vendor data (Tardis CSV, LOBSTER) to a tilt store");
  auto o = std::make_shared<Options>();
  cmd->add_option("--from", o->from, "Source format")
      ->required()
      ->check(CLI::IsMember({"tardis", "tardis-snapshot", "lobster"}));
  cmd->add_option("--book", o->book,
                  "Tardis incremental_book_L2 or book_snapshot_N files (.csv/.csv.gz)");
  cmd->add_option("--trades", o->trades, "Tardis trades files (.csv/.csv.gz)");
  cmd->add_option("--messages", o->messages, "LOBSTER message file");
  cmd->add_option("--orderbook", o->orderbook, "LOBSTER orderbook file");
  cmd->add_option("--instrument", o->instrument_file,
                  "Instrument YAML (symbol, tick_size, lot_size, ...)");
  cmd->add_option("--symbol", o->symbol, "Instrument symbol stored in the file");
  cmd->add_option("--vendor-symbol", o->vendor_symbol,
                  "Tardis `symbol` column value to accept (default: --symbol; '*' accepts any)");
  cmd->add_option("--tick-size", o->tick_size, "Price increment, e.g. 0.01");
  cmd->add_option("--lot-size", o->lot_size, "Quantity increment, e.g. 0.001");
  cmd->add_option("--contract-multiplier", o->contract_multiplier, "Notional per price × qty");
  cmd->add_option("--maker-fee", o->maker_fee, "Maker fee, fraction of notional");
  cmd->add_option("--taker-fee", o->taker_fee, "Taker fee, fraction of notional");
  cmd->add_option("--policy", o->policy,
                  "strict: stop at the first bad row; lenient: skip/repair and count")
      ->check(CLI::IsMember({"strict", "lenient"}));
  cmd->add_option("--crossed", o->crossed,
                  "A book crossed once a whole message is in: repair (drop the stale side, "
                  "counted; default) or error")
      ->check(CLI::IsMember({"repair", "error"}));
  cmd->add_option(
      "--time-tolerance", o->time_tolerance,
      "Tardis: clamp exchange-time steps back up to this (e.g. 5ms); larger ones are bad rows");
  cmd->add_option("--feed-latency", o->feed_latency,
                  "LOBSTER: local time = exchange time + this (e.g. 250us)");
  cmd->add_option("--date", o->date,
                  "LOBSTER trading date YYYY-MM-DD (default: from the file name)");
  cmd->add_option("--utc-offset", o->utc_offset,
                  "LOBSTER local time minus UTC, e.g. -04:00 (default: New York's on that date)");
  cmd->add_option("--compression", o->compression, "none, deflate or blosc_lz4")
      ->check(CLI::IsMember({"none", "deflate", "blosc_lz4"}));
  cmd->add_option("-o,--output", o->out, "Output store (.h5)")->required();
  cmd->add_flag("--quiet,-q", o->quiet, "No progress and no summary");
  cmd->callback(
      [o, set_action = std::move(set_action)] { set_action([o] { return run_convert(*o); }); });
}

TILT_REGISTER_COMMAND("convert", setup_convert);

}  // namespace
}  // namespace tilt::cli
