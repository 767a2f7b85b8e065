#include "tilt/study/study_config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "config/data_section.hpp"
#include "config/signal_section.hpp"
#include "config/utf8_config.hpp"
#include "config/yaml_section.hpp"
#include "tilt/signals/signal_set.hpp"

namespace tilt::study {
namespace {

using config_detail::fail;
using config_detail::section;

void read_data(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "data", {"stores", "synthetic"});
  config_detail::DataStores d =
      config_detail::read_data_stores(node, p, file, "the event store(s) to study");
  c.stores = std::move(d.stores);
  c.synthetic = std::move(d.synthetic);
  p.finish();
}

void read_signals(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  if (!node.IsSequence() || node.size() == 0)
    fail(file, node, "signals", "a non-empty list of {type: ..., parameters...}");
  std::size_t i = 0;
  SignalSet probe;  // one set for all: the names must be distinct
  for (const auto& item : node) {
    c.signals.push_back(config_detail::read_signal_entry(
        item, file, "signals[" + std::to_string(i++) + "]", probe, true));
  }
}

void read_horizons(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  if (!node.IsSequence() || node.size() == 0)
    fail(file, node, "horizons", "a non-empty list like [1, 10, 100ms, 1s]");
  std::size_t i = 0;
  for (const auto& item : node) {
    const std::string path = "horizons[" + std::to_string(i++) + "]";
    if (!item.IsScalar()) fail(file, item, path, "a message count (10) or a duration (100ms)");
    Horizon h;
    std::string text = item.Scalar();
    // "10msg" and "10messages" (the labels written back) mean the same as "10".
    for (const char* suffix : {"messages", "msg"}) {
      const std::string sfx(suffix);
      if (text.size() > sfx.size() && text.ends_with(sfx)) {
        text.resize(text.size() - sfx.size());
        break;
      }
    }
    try {
      const Window w = signal_params::parse_window(text);
      if (w.unit == Window::Unit::time) {
        h.unit = Horizon::Unit::time;
        h.amount = w.span;
        h.label = signal_params::format_duration(w.span);
      } else {
        h.unit = Horizon::Unit::messages;
        h.amount = static_cast<std::int64_t>(w.events);
        h.label = std::to_string(h.amount) + "msg";
      }
    } catch (const Error&) {
      fail(file, item, path, "a message count (10) or a duration (100ms)");
    }
    if (h.amount <= 0) fail(file, item, path, "a positive count or duration");
    for (const Horizon& other : c.horizons)
      if (other.label == h.label) fail(file, item, path, "each horizon once");
    c.horizons.push_back(h);
  }
}

void read_sampling(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "sampling");
  const std::string every = p.text("every", "message");
  p.finish();
  const YAML::Node at = node["every"] ? node["every"] : node;
  if (every == "message" || every == "1") {
    c.sampling.kind = SamplingRule::Kind::every_message;
    return;
  }
  try {
    const Window w = signal_params::parse_window(every);
    if (w.unit == Window::Unit::time) {
      c.sampling.kind = SamplingRule::Kind::clock;
      c.sampling.interval = w.span;
    } else {
      c.sampling.kind = SamplingRule::Kind::every_kth_message;
      c.sampling.every_k = static_cast<std::int64_t>(w.events);
    }
  } catch (const Error&) {
    fail(file, at, "sampling.every", "'message', a message count (10) or a clock interval (100ms)");
  }
}

void read_condition(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "condition");
  if (p.has("spread_ticks")) {
    c.min_spread_ticks = c.max_spread_ticks = p.integer("spread_ticks", 1, 1, 1'000'000);
  }
  c.min_spread_ticks = p.integer("min_spread_ticks", c.min_spread_ticks, 0, 1'000'000);
  c.max_spread_ticks = p.integer("max_spread_ticks", c.max_spread_ticks, 1, std::int64_t{1} << 40);
  p.finish();
  if (c.min_spread_ticks > c.max_spread_ticks)
    fail(file, node, "condition", "min_spread_ticks <= max_spread_ticks");
}

void read_buckets(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "buckets");
  c.buckets = static_cast<std::size_t>(p.integer("count", 10, 2, 100));
  const std::string method = p.choice("method", "auto", {"auto", "quantile", "fixed"});
  c.bucket_method = method == "auto"       ? BucketMethod::automatic
                    : method == "quantile" ? BucketMethod::quantile
                                           : BucketMethod::fixed;
  c.bucket_min = p.number("min", -1.0, -1e300, 1e300);
  c.bucket_max = p.number("max", 1.0, -1e300, 1e300);
  p.finish();
  if (!(c.bucket_min < c.bucket_max)) fail(file, node, "buckets", "min < max");
}

void read_statistics(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "statistics");
  c.warmup_samples = static_cast<std::size_t>(p.integer("warmup_samples", 20'000, 100, 10'000'000));
  c.block_factor = p.number("block_factor", 10.0, 1.0, 1000.0);
  c.min_block_samples =
      static_cast<std::size_t>(p.integer("min_block_samples", 256, 1, 100'000'000));
  c.lookahead_capacity = static_cast<std::size_t>(
      p.integer("lookahead_capacity", std::int64_t{1} << 16, 16, std::int64_t{1} << 30));
  p.finish();
}

void read_cks(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "cks");
  c.cks_interval = p.duration("interval", c.cks_interval);
  c.cks_window = p.duration("window", c.cks_window);
  p.finish();
  if (c.cks_window < c.cks_interval) fail(file, node, "cks.window", "a window >= the interval");
}

void read_micro_price(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "micro_price");
  c.micro_buckets = static_cast<std::size_t>(p.integer("buckets", 10, 1, 100));
  c.micro_max_spread_ticks = p.integer("max_spread_ticks", 4, 1, 50);
  c.micro_iterations = static_cast<int>(p.integer("iterations", 6, 1, 1000));
  p.finish();
}

void read_output(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "output");
  c.output_dir = p.text("dir", "");
  p.finish();
}

void read_book(const YAML::Node& node, const std::string& file, StudyConfig& c) {
  Params p = section(node, file, "book");
  c.crossed = crossed_policy_from_string(p.choice("crossed", "repair", {"repair", "error"}));
  p.finish();
}

}  // namespace

std::string SamplingRule::label() const {
  switch (kind) {
    case Kind::every_message:
      return "every book message";
    case Kind::every_kth_message:
      return "one in every " + std::to_string(every_k) + " book messages";
    case Kind::clock:
      return "every " + signal_params::format_duration(interval) + " (clock)";
  }
  return "?";
}

StudyConfig parse_study_config(const std::string& yaml_text, const std::string& file) {
  config_detail::require_utf8(yaml_text, file);
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line + 1, e.mark.column + 1, "(yaml)", "valid YAML", e.msg);
  }
  if (!root.IsMap())
    throw ConfigError(file, 1, 1, "(top level)", "a map with data, signals, horizons, ...", "");
  StudyConfig c;
  c.file = file;
  const std::set<std::string> sections = {"data",     "book",        "signals", "horizons",
                                          "sampling", "condition",   "buckets", "statistics",
                                          "cks",      "micro_price", "output"};
  for (const auto& kv : root) {
    if (!sections.contains(kv.first.Scalar()))
      fail(file, kv.first, kv.first.Scalar(),
           "one of data, book, signals, horizons, sampling, condition, buckets, statistics, cks, "
           "micro_price, output");
  }
  if (!root["data"])
    throw ConfigError(file, 1, 1, "data", "a data section naming the store(s)", "");
  if (!root["signals"]) throw ConfigError(file, 1, 1, "signals", "a list of signals to study", "");
  if (!root["horizons"]) throw ConfigError(file, 1, 1, "horizons", "a list of horizons", "");
  read_data(root["data"], file, c);
  if (root["book"]) read_book(root["book"], file, c);
  read_signals(root["signals"], file, c);
  read_horizons(root["horizons"], file, c);
  if (root["sampling"]) read_sampling(root["sampling"], file, c);
  if (root["condition"]) read_condition(root["condition"], file, c);
  if (root["buckets"]) read_buckets(root["buckets"], file, c);
  if (root["statistics"]) read_statistics(root["statistics"], file, c);
  if (root["cks"]) read_cks(root["cks"], file, c);
  if (root["micro_price"]) read_micro_price(root["micro_price"], file, c);
  if (root["output"]) read_output(root["output"], file, c);
  return c;
}

StudyConfig load_study_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, 0, 0, "(file)", "a readable YAML config file", "no such file");
  std::stringstream text;
  text << in.rdbuf();
  StudyConfig config = parse_study_config(text.str(), path);
  // Store paths in a config file are relative to that file's folder, as in run configs.
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  for (std::string& store : config.stores) {
    if (!store.empty() && std::filesystem::path(store).is_relative())
      store = (dir / store).lexically_normal().string();
  }
  return config;
}

std::string to_yaml(const StudyConfig& c) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "stores" << YAML::Value << YAML::Flow << c.stores;
  if (!c.synthetic.empty()) {
    out << YAML::Key << "synthetic" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [k, v] : c.synthetic) out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "book" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "crossed" << YAML::Value << std::string(to_string(c.crossed)) << YAML::EndMap;
  out << YAML::Key << "signals" << YAML::Value << YAML::BeginSeq;
  for (const SignalSpec& s : c.signals) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << s.type;
    if (!s.name.empty()) out << YAML::Key << "name" << YAML::Value << s.name;
    for (const auto& [k, v] : s.params) out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "horizons" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const Horizon& h : c.horizons) out << h.label;
  out << YAML::EndSeq;
  std::string every = "message";
  if (c.sampling.kind == SamplingRule::Kind::every_kth_message)
    every = std::to_string(c.sampling.every_k);
  if (c.sampling.kind == SamplingRule::Kind::clock)
    every = signal_params::format_duration(c.sampling.interval);
  out << YAML::Key << "sampling" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "every" << YAML::Value << every << YAML::EndMap;
  if (c.conditioned()) {
    out << YAML::Key << "condition" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "min_spread_ticks" << YAML::Value << c.min_spread_ticks << YAML::Key
        << "max_spread_ticks" << YAML::Value << c.max_spread_ticks << YAML::EndMap;
  }
  const char* method = c.bucket_method == BucketMethod::automatic  ? "auto"
                       : c.bucket_method == BucketMethod::quantile ? "quantile"
                                                                   : "fixed";
  out << YAML::Key << "buckets" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "count" << YAML::Value << c.buckets << YAML::Key << "method" << YAML::Value << method
      << YAML::Key << "min" << YAML::Value << c.bucket_min << YAML::Key << "max" << YAML::Value
      << c.bucket_max << YAML::EndMap;
  out << YAML::Key << "statistics" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "warmup_samples" << YAML::Value << c.warmup_samples << YAML::Key << "block_factor"
      << YAML::Value << c.block_factor << YAML::Key << "min_block_samples" << YAML::Value
      << c.min_block_samples << YAML::Key << "lookahead_capacity" << YAML::Value
      << c.lookahead_capacity << YAML::EndMap;
  out << YAML::Key << "cks" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "interval" << YAML::Value << signal_params::format_duration(c.cks_interval) << YAML::Key
      << "window" << YAML::Value << signal_params::format_duration(c.cks_window) << YAML::EndMap;
  out << YAML::Key << "micro_price" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "buckets" << YAML::Value << c.micro_buckets << YAML::Key << "max_spread_ticks"
      << YAML::Value << c.micro_max_spread_ticks << YAML::Key << "iterations" << YAML::Value
      << c.micro_iterations << YAML::EndMap;
  if (!c.output_dir.empty())
    out << YAML::Key << "output" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "dir" << YAML::Value << c.output_dir << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tilt::study
