#include "tilt/config/run_config.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/data_section.hpp"
#include "config/run_config_node.hpp"
#include "config/signal_section.hpp"
#include "config/yaml_section.hpp"
#include "tilt/signals/signal_set.hpp"

namespace tilt {
namespace {

using config_detail::fail;
using config_detail::section;

void read_data(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "data", {"stores", "synthetic"});
  for (const char* key : {"start", "end"}) {
    if (!p.has(key)) continue;
    const Params::Entry& e = p.entries().at(key);
    const auto t = parse_time(p.text(key, ""));
    if (!t)
      throw ConfigError(file, e.line, e.column, std::string("data.") + key,
                        "a time like '2023-11-14T22:15:00Z' or integer nanoseconds",
                        "'" + e.text + "'");
    (std::string(key) == "start" ? c.start : c.end) = *t;
  }
  config_detail::DataStores d =
      config_detail::read_data_stores(node, p, file, "the event store to replay");
  c.stores = std::move(d.stores);
  c.synthetic = std::move(d.synthetic);
  p.finish();
  if (c.start >= c.end) fail(file, node["end"], "data.end", "a time after data.start");
}

// instrument.calendar: the trading calendar of the annualized Sharpe (overrides the store's).
void read_calendar(Params& p, RunConfig& c) {
  if (!p.has("calendar")) return;
  c.calendar = trading_calendar_from_string(
      p.choice("calendar", "",
               {to_string(TradingCalendar::crypto_24_7), to_string(TradingCalendar::us_equities)}));
}

void read_instrument(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "instrument");
  if (p.has("maker_fee")) c.maker_fee = p.number("maker_fee", 0, -1, 1);
  if (p.has("taker_fee")) c.taker_fee = p.number("taker_fee", 0, -1, 1);
  c.fee_basis = p.choice("fee_basis", c.fee_basis, {"notional", "lot"});
  read_calendar(p, c);
  p.finish();
}

Duration replay_duration(Params& p, const std::string& file, const std::string& path,
                         const std::string& key, bool signed_ok);

void read_latency(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "latency");
  c.latency_model = p.choice("model", c.latency_model, {"constant", "recorded"});
  c.entry_latency = p.duration("entry", c.entry_latency, 0);  // 0: no latency
  c.response_latency = p.duration("response", c.response_latency, 0);
  c.latency_file = p.text("file", "");
  if (p.has("feed") && p.entries().at("feed").text != "data")
    c.feed_latency = replay_duration(p, file, "latency", "feed", false);
  else
    p.text("feed", "data");
  if (c.latency_model == "recorded" && c.latency_file.empty()) {
    throw ConfigError(file, config_detail::line_of(node), config_detail::column_of(node),
                      "latency.file", "a CSV of req_ts,exch_ts,resp_ts rows for model 'recorded'",
                      "nothing");
  }
  p.finish();
}

void read_matching(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "matching");
  c.queue_model = p.choice("queue_model", c.queue_model, {"risk_averse", "power", "log"});
  c.queue_power = p.number("queue_power", c.queue_power, 0.01, 100);
  c.partial_fills = p.flag("partial_fills", c.partial_fills);
  c.remember_consumed_liquidity =
      p.flag("remember_consumed_liquidity", c.remember_consumed_liquidity);
  p.finish();
}

void read_signals(const YAML::Node& node, const std::string& file, RunConfig& c) {
  if (!node.IsSequence()) fail(file, node, "signals", "a list of {type: ..., parameters...}");
  std::size_t i = 0;
  for (const auto& item : node) {
    SignalSet probe;  // each entry on its own: the run adds a repeated signal once
    c.signals.push_back(config_detail::read_signal_entry(
        item, file, "signals[" + std::to_string(i++) + "]", probe, false));
  }
}

void read_strategy(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "strategy", {"params"});
  if (!p.has("name")) fail(file, node, "strategy.name", "the strategy's registered name");
  c.strategy_name = p.text("name", "");
  c.strategy_name_line = p.entries().at("name").line;
  c.strategy_name_column = p.entries().at("name").column;
  c.strategy_plugin = p.text("plugin", "");
  p.finish();
  if (const YAML::Node params = node["params"]) {
    c.strategy_params = section(params, file, "strategy.params");
  } else {
    c.strategy_params = Params(file, "strategy.params", {}, config_detail::line_of(node),
                               config_detail::column_of(node));
  }
}

// output.tables and output.report: which results a run writes (results/output_selection.hpp).
void read_output_selection(const YAML::Node& node, const std::string& file, Params& p,
                           OutputSelection& out) {
  out.report = p.flag("report", out.report);
  const YAML::Node list = node["tables"];
  if (!list) return;
  std::string names;
  for (std::string_view n : kResultsTableNames)
    names += (names.empty() ? "" : ", ") + std::string(n);
  if (!list.IsSequence()) fail(file, list, "output.tables", "a list of tables: " + names);
  out.tables.fill(false);
  for (const auto& item : list) {
    const auto known = item.IsScalar() ? std::find(kResultsTableNames.begin(),
                                                   kResultsTableNames.end(), item.Scalar())
                                       : kResultsTableNames.end();
    if (known == kResultsTableNames.end()) fail(file, item, "output.tables[]", "one of " + names);
    out.tables[static_cast<std::size_t>(known - kResultsTableNames.begin())] = true;
  }
}

void read_output(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "output", {"markout_horizons", "tables"});
  read_output_selection(node, file, p, c.output);
  c.output_dir = p.text("dir", c.output_dir);
  c.sample_interval = p.duration("sample_interval", c.sample_interval);
  c.signal_sample_interval = p.duration("signal_sample_interval", c.signal_sample_interval);
  if (const YAML::Node list = node["markout_horizons"]) {
    if (!list.IsSequence() || list.size() == 0)
      fail(file, list, "output.markout_horizons", "a list of durations");
    c.markout_horizons.clear();
    for (const auto& item : list) {
      try {
        if (!item.IsScalar()) throw Error("");
        c.markout_horizons.push_back(signal_params::parse_duration(item.Scalar()));
      } catch (const Error&) {
        fail(file, item, "output.markout_horizons[]", "a duration like '1s'");
      }
    }
  }
  p.finish();
}

// --- book, feed, venue: how a recording is replayed (book.crossed, feed.*, venue.*) -----------

/// A duration that may be zero ("0", "0s") and, when `signed_ok`, negative ("-1.2s").
Duration replay_duration(Params& p, const std::string& file, const std::string& path,
                         const std::string& key, bool signed_ok) {
  const std::string text = p.text(key, "0s");
  const Params::Entry& e = p.entries().at(key);
  std::string_view t = text;
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  std::size_t digits = 0;
  while (digits < t.size() && (t[digits] == '0' || t[digits] == '.')) ++digits;
  const std::string_view unit = t.substr(digits);
  const bool zero = digits > 0 && (unit.empty() || unit == "ns" || unit == "us" || unit == "ms" ||
                                   unit == "s" || unit == "min");
  try {
    if (negative && !signed_ok) throw Error("negative");
    if (zero) return 0;
    const Duration d = signal_params::parse_duration(t);
    return negative ? -d : d;
  } catch (const Error&) {
    throw ConfigError(
        file, e.line, e.column, path + "." + key,
        signed_ok ? "a duration like '250us', '-1.2s' or 0" : "a duration >= 0 like '250us' or 0",
        "'" + e.text + "'");
  }
}

void read_book(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "book");
  c.book_crossed = p.choice("crossed", c.book_crossed, {"repair", "error"});
  p.finish();
}

void read_feed(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "feed");
  if (p.has("clock_offset"))
    c.feed_clock_offset = replay_duration(p, file, "feed", "clock_offset", true);
  if (p.has("latency") && p.entries().at("latency").text != "data") {
    if (c.feed_latency) {
      const Params::Entry& e = p.entries().at("latency");
      throw ConfigError(file, e.line, e.column, "feed.latency",
                        "one feed latency: latency.feed is given too", "'" + e.text + "'");
    }
    c.feed_latency = replay_duration(p, file, "feed", "latency", false);
  } else {
    p.text("latency", "data");
  }
  p.finish();
}

void read_venue(const YAML::Node& node, const std::string& file, RunConfig& c) {
  Params p = section(node, file, "venue");
  c.fill_on_sub_tick_trades = p.flag("fill_on_sub_tick_trades", c.fill_on_sub_tick_trades);
  p.finish();
}

}  // namespace

RunConfig parse_run_config(const std::string& yaml_text, const std::string& file) {
  return run_config_from_node(
      config_detail::load_yaml_root(yaml_text, file, config_detail::kRunConfigRoot), file);
}

RunConfig run_config_from_node(const YAML::Node& root, const std::string& file) {
  if (!root.IsMap())
    throw ConfigError(file, 1, 1, "(top level)", config_detail::kRunConfigRoot,
                      config_detail::describe(root));
  RunConfig c;
  c.file = file;
  const std::set<std::string> sections = {"data",    "instrument", "latency", "matching",
                                          "signals", "strategy",   "output",  "seed",
                                          "book",    "feed",       "venue"};
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (!sections.contains(key)) {
      fail(file, kv.first, key,
           "one of data, instrument, latency, matching, signals, strategy, output, seed, book, "
           "feed, venue");
    }
  }
  if (!root["data"])
    throw ConfigError(file, 1, 1, "data", "a data section naming the event store", "nothing");
  if (!root["strategy"]) throw ConfigError(file, 1, 1, "strategy", "a strategy section", "nothing");
  read_data(root["data"], file, c);
  if (root["instrument"]) read_instrument(root["instrument"], file, c);
  if (root["latency"]) read_latency(root["latency"], file, c);
  if (root["matching"]) read_matching(root["matching"], file, c);
  if (root["signals"]) read_signals(root["signals"], file, c);
  if (root["book"]) read_book(root["book"], file, c);
  if (root["feed"]) read_feed(root["feed"], file, c);
  if (root["venue"]) read_venue(root["venue"], file, c);
  read_strategy(root["strategy"], file, c);
  if (root["output"]) read_output(root["output"], file, c);
  if (const YAML::Node seed = root["seed"]) {
    std::uint64_t value = 0;
    const std::string& text = seed.IsScalar() ? seed.Scalar() : std::string();
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      fail(file, seed, "seed", "a non-negative integer");
    }
    c.seed = value;
  }
  return c;
}

RunConfig load_run_config(const std::string& path) {
  RunConfig config =
      parse_run_config(config_detail::read_config_file(path, "a readable YAML config file"), path);
  resolve_config_paths(config, std::filesystem::path(path).parent_path().string());
  return config;
}

// ---- paths in a config file are relative to that file ---------------------------------------
void resolve_config_paths(RunConfig& config, const std::string& config_dir) {
  if (config_dir.empty()) return;  // the config is in the current directory: nothing to do
  const auto resolve = [&config_dir](std::string& path) {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return;
    path = (std::filesystem::path(config_dir) / path).lexically_normal().string();
  };
  for (std::string& store : config.stores) resolve(store);
  resolve(config.strategy_plugin);
  resolve(config.latency_file);
}

std::optional<Timestamp> parse_time(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t ns = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ns);
  if (ec == std::errc() && ptr == text.data() + text.size()) return ns;
  // YYYY-MM-DD[THH:MM:SS[.fraction]][Z]
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::int64_t fraction_ns = 0;
  const std::string s(text);
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 ||
      consumed != 10)
    return std::nullopt;
  std::size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    int used = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d:%2d%n", &hour, &minute, &second, &used) != 3 ||
        used != 8)
      return std::nullopt;
    i += 9;
    if (i < s.size() && s[i] == '.') {
      std::int64_t scale = kSecond / 10;
      for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
        fraction_ns += (s[i] - '0') * scale;
    }
  }
  if (i < s.size() && s[i] == 'Z') ++i;
  if (i != s.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<Timestamp>(timegm(&tm)) * kSecond + fraction_ns;
}

namespace {

// A latency as the config accepts it back: "0" for none (format_duration would say "0min").
std::string latency_text(Duration d) {
  return d == 0 ? std::string("0") : signal_params::format_duration(d);
}

}  // namespace

std::string resolved_yaml(const RunConfig& c,
                          const std::map<std::string, std::string>& strategy_params) {
  YAML::Emitter out;
  out.SetDoublePrecision(15);  // 2e-05, not -2.0000000000000002e-05
  out << YAML::BeginMap;
  out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "stores" << YAML::Value << YAML::Flow << c.stores;
  if (c.start != std::numeric_limits<Timestamp>::min())
    out << YAML::Key << "start" << YAML::Value << c.start;
  if (c.end != std::numeric_limits<Timestamp>::max())
    out << YAML::Key << "end" << YAML::Value << c.end;
  if (!c.synthetic.empty()) {
    out << YAML::Key << "synthetic" << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : c.synthetic) out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "instrument" << YAML::Value << YAML::BeginMap;
  if (c.maker_fee) out << YAML::Key << "maker_fee" << YAML::Value << *c.maker_fee;
  if (c.taker_fee) out << YAML::Key << "taker_fee" << YAML::Value << *c.taker_fee;
  if (c.calendar)
    out << YAML::Key << "calendar" << YAML::Value << std::string(to_string(*c.calendar));
  out << YAML::Key << "fee_basis" << YAML::Value << c.fee_basis << YAML::EndMap;
  out << YAML::Key << "latency" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << c.latency_model;
  out << YAML::Key << "entry" << YAML::Value << latency_text(c.entry_latency);
  out << YAML::Key << "response" << YAML::Value << latency_text(c.response_latency);
  if (!c.latency_file.empty()) out << YAML::Key << "file" << YAML::Value << c.latency_file;
  out << YAML::EndMap;
  out << YAML::Key << "book" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "crossed" << YAML::Value << c.book_crossed << YAML::EndMap;
  out << YAML::Key << "feed" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "clock_offset" << YAML::Value
      << (c.feed_clock_offset < 0    ? "-" + signal_params::format_duration(-c.feed_clock_offset)
          : c.feed_clock_offset == 0 ? std::string("0s")
                                     : signal_params::format_duration(c.feed_clock_offset));
  out << YAML::Key << "latency" << YAML::Value
      << (!c.feed_latency        ? std::string("data")
          : *c.feed_latency == 0 ? std::string("0s")
                                 : signal_params::format_duration(*c.feed_latency));
  out << YAML::EndMap;
  out << YAML::Key << "venue" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "fill_on_sub_tick_trades" << YAML::Value << c.fill_on_sub_tick_trades;
  out << YAML::EndMap;
  out << YAML::Key << "matching" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "queue_model" << YAML::Value << c.queue_model;
  out << YAML::Key << "queue_power" << YAML::Value << c.queue_power;
  out << YAML::Key << "partial_fills" << YAML::Value << c.partial_fills;
  out << YAML::Key << "remember_consumed_liquidity" << YAML::Value << c.remember_consumed_liquidity;
  out << YAML::EndMap;
  out << YAML::Key << "signals" << YAML::Value << YAML::BeginSeq;
  for (const SignalSpec& s : c.signals) {
    out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << s.type;
    out << YAML::Key << "name" << YAML::Value << (s.name.empty() ? canonical_name(s) : s.name);
    for (const auto& [k, v] : s.params) out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "strategy" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << c.strategy_name;
  if (!c.strategy_plugin.empty()) out << YAML::Key << "plugin" << YAML::Value << c.strategy_plugin;
  out << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : strategy_params) out << YAML::Key << k << YAML::Value << v;
  out << YAML::EndMap << YAML::EndMap;
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "dir" << YAML::Value << c.output_dir;
  out << YAML::Key << "sample_interval" << YAML::Value
      << signal_params::format_duration(c.sample_interval);
  out << YAML::Key << "signal_sample_interval" << YAML::Value
      << signal_params::format_duration(c.signal_sample_interval);
  out << YAML::Key << "markout_horizons" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (Duration d : c.markout_horizons) out << signal_params::format_duration(d);
  out << YAML::EndSeq;
  out << YAML::Key << "tables" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (std::size_t i = 0; i < kResultsTableNames.size(); ++i)
    if (c.output.tables[i]) out << std::string(kResultsTableNames[i]);
  out << YAML::EndSeq;
  out << YAML::Key << "report" << YAML::Value << c.output.report;
  out << YAML::EndMap;
  out << YAML::Key << "seed" << YAML::Value << c.seed;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tilt
