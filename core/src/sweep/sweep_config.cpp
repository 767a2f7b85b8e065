#include "tilt/sweep/sweep_config.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "config/run_config_node.hpp"
#include "config/yaml_section.hpp"
#include "tilt/error.hpp"
#include "tilt/run/instance_stats.hpp"

namespace tilt {
namespace {

using config_detail::column_of;
using config_detail::fail;
using config_detail::line_of;

// One block's contribution: partial points, each a list of (parameter index, value).
using Assignment = std::vector<std::pair<std::size_t, std::string>>;

const std::set<std::string> kRunSections = {"data",    "instrument", "latency", "matching",
                                            "signals", "strategy",   "output",  "seed"};

std::size_t add_parameter(SweepConfig& c, const YAML::Node& key_node, const std::string& block) {
  const std::string& key = key_node.Scalar();
  const std::string first = key.substr(0, key.find('.'));
  if (!kRunSections.contains(first) || key == "output.dir" || key.back() == '.')
    fail(c.file, key_node, "space." + block + "." + key,
         "a dotted run-config key such as strategy.params.half_spread_ticks (not output.dir)");
  for (const SweepParameter& p : c.parameters) {
    if (p.key == key)
      fail(c.file, key_node, "space." + block + "." + key,
           "each key swept once (it already appears at line " + std::to_string(p.line) + ")");
  }
  c.parameters.push_back({key, line_of(key_node), column_of(key_node)});
  return c.parameters.size() - 1;
}

double number_of(const std::string& file, const YAML::Node& n, const std::string& path) {
  if (n.IsScalar()) {
    const std::string& t = n.Scalar();
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (!t.empty() && end == t.c_str() + t.size() && std::isfinite(v)) return v;
  }
  fail(file, n, path, "a number");
}

bool is_integer_text(const YAML::Node& n) {
  if (!n.IsScalar() || n.Scalar().empty()) return false;
  const std::string& t = n.Scalar();
  std::size_t i = t[0] == '-' ? 1 : 0;
  if (i == t.size()) return false;
  for (; i < t.size(); ++i)
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

std::string format_number(double v) {
  if (v == 0.0) return "0";  // no "-0"
  return fmt::format("{:.12g}", v);
}

// A list of values, or {from, to, step}: the inclusive range from, from + step, ... <= to.
std::vector<std::string> values_of(const std::string& file, const YAML::Node& n,
                                   const std::string& path) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const auto& item : n) {
      if (!item.IsScalar()) fail(file, item, path + "[]", "a single value");
      out.push_back(item.Scalar());
    }
    if (out.empty()) fail(file, n, path, "a non-empty list of values");
    return out;
  }
  if (n.IsMap()) {
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (k != "from" && k != "to" && k != "step")
        fail(file, kv.first, path + "." + k, "from, to and step");
    }
    if (!n["from"] || !n["to"] || !n["step"])
      fail(file, n, path, "a range {from: A, to: B, step: S}");
    const double from = number_of(file, n["from"], path + ".from");
    const double to = number_of(file, n["to"], path + ".to");
    const double step = number_of(file, n["step"], path + ".step");
    if (step <= 0) fail(file, n["step"], path + ".step", "a positive step");
    if (to < from) fail(file, n["to"], path + ".to", "a value >= from");
    const double count = std::floor((to - from) / step + 1e-9) + 1;
    if (count > 100000) fail(file, n, path, "at most 100,000 values");
    const bool integers = is_integer_text(n["from"]) && is_integer_text(n["step"]);
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(count); ++i) {
      const double v = from + static_cast<double>(i) * step;  // no accumulated rounding
      out.push_back(integers ? std::to_string(static_cast<std::int64_t>(std::llround(v)))
                             : format_number(v));
    }
    return out;
  }
  fail(file, n, path, "a list of values or a range {from, to, step}");
}

std::vector<Assignment> read_grid(SweepConfig& c, const YAML::Node& n) {
  if (!n.IsMap() || n.size() == 0) fail(c.file, n, "space.grid", "a map of key: values");
  std::vector<Assignment> points = {{}};
  for (const auto& kv : n) {
    const std::size_t param = add_parameter(c, kv.first, "grid");
    const auto values = values_of(c.file, kv.second, "space.grid." + kv.first.Scalar());
    std::vector<Assignment> next;
    for (const Assignment& a : points) {
      for (const std::string& v : values) {
        Assignment b = a;
        b.emplace_back(param, v);
        next.push_back(std::move(b));
      }
    }
    points = std::move(next);
    if (points.size() > 1'000'000) fail(c.file, n, "space.grid", "at most 1,000,000 points");
  }
  return points;
}

std::vector<Assignment> read_zip(SweepConfig& c, const YAML::Node& n) {
  if (!n.IsMap() || n.size() == 0) fail(c.file, n, "space.zip", "a map of key: values");
  std::vector<Assignment> points;
  std::size_t length = 0;
  for (const auto& kv : n) {
    const std::size_t param = add_parameter(c, kv.first, "zip");
    const auto values = values_of(c.file, kv.second, "space.zip." + kv.first.Scalar());
    if (points.empty()) {
      length = values.size();
      points.resize(length);
    } else if (values.size() != length) {
      fail(c.file, kv.second, "space.zip." + kv.first.Scalar(),
           "as many values as the first list (" + std::to_string(length) + ")");
    }
    for (std::size_t i = 0; i < length; ++i) points[i].emplace_back(param, values[i]);
  }
  return points;
}

// Uniform double in [0, 1) from 53 random bits: the same on every platform (std distributions
// are implementation-defined).
double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

std::vector<Assignment> read_random(SweepConfig& c, const YAML::Node& n) {
  Params p = config_detail::section(n, c.file, "space.random", {"params"});
  const std::int64_t samples = p.integer("samples", 0, 1, 1'000'000);
  if (!p.has("samples")) fail(c.file, n, "space.random.samples", "the number of samples");
  const auto seed = static_cast<std::uint64_t>(p.integer("seed", 1, 0, INT64_MAX));
  p.finish();
  const YAML::Node params = n["params"];
  if (!params || !params.IsMap() || params.size() == 0)
    fail(c.file, params ? params : n, "space.random.params", "a map of key: distribution");
  struct Draw {
    std::size_t param;
    std::string kind;
    double low = 0, high = 0;
    std::vector<std::string> choices;
  };
  std::vector<Draw> draws;
  for (const auto& kv : params) {
    const std::string path = "space.random.params." + kv.first.Scalar();
    Draw d;
    d.param = add_parameter(c, kv.first, "random.params");
    const YAML::Node& spec = kv.second;
    if (!spec.IsMap() || spec.size() != 1)
      fail(c.file, spec, path,
           "one of {uniform: [a, b]}, {log_uniform: [a, b]}, {int: [a, b]}, "
           "{choice: [values...]}");
    d.kind = spec.begin()->first.Scalar();
    const YAML::Node args = spec.begin()->second;
    if (d.kind == "choice") {
      d.choices = values_of(c.file, args, path + ".choice");
    } else if (d.kind == "uniform" || d.kind == "log_uniform" || d.kind == "int") {
      if (!args.IsSequence() || args.size() != 2)
        fail(c.file, args, path + "." + d.kind, "a pair [low, high]");
      d.low = number_of(c.file, args[0], path + "." + d.kind + "[0]");
      d.high = number_of(c.file, args[1], path + "." + d.kind + "[1]");
      if (d.high < d.low) fail(c.file, args[1], path + "." + d.kind + "[1]", "high >= low");
      if (d.kind == "log_uniform" && d.low <= 0)
        fail(c.file, args[0], path + ".log_uniform[0]", "a positive low");
      if (d.kind == "int" && (!is_integer_text(args[0]) || !is_integer_text(args[1])))
        fail(c.file, args, path + ".int", "integer bounds");
    } else {
      fail(c.file, spec.begin()->first, path + "." + d.kind, "uniform, log_uniform, int or choice");
    }
    draws.push_back(std::move(d));
  }
  std::mt19937_64 rng(seed);
  std::vector<Assignment> points(static_cast<std::size_t>(samples));
  for (Assignment& a : points) {
    for (const Draw& d : draws) {
      const double u = unit(rng);
      std::string v;
      if (d.kind == "choice") {
        v = d.choices[std::min(
            d.choices.size() - 1,
            static_cast<std::size_t>(u * static_cast<double>(d.choices.size())))];
      } else if (d.kind == "int") {
        const auto low = static_cast<std::int64_t>(d.low);
        const auto span = static_cast<std::int64_t>(d.high) - low + 1;
        v = std::to_string(
            low + std::min(span - 1, static_cast<std::int64_t>(u * static_cast<double>(span))));
      } else if (d.kind == "uniform") {
        v = fmt::format("{:.6g}", d.low + u * (d.high - d.low));
      } else {
        v = fmt::format("{:.6g}", d.low * std::exp(u * std::log(d.high / d.low)));
      }
      a.emplace_back(d.param, v);
    }
  }
  return points;
}

SweepObjective read_objective(const SweepConfig& c, const YAML::Node& n,
                              const std::vector<std::string>& stat_names) {
  SweepObjective o;
  YAML::Node metric = n;
  if (n.IsMap()) {
    Params p = config_detail::section(n, c.file, "objective");
    o.maximize = p.choice("direction", "maximize", {"maximize", "minimize"}) == "maximize";
    p.text("metric", "");
    p.finish();
    metric = n["metric"];
    if (!metric) fail(c.file, n, "objective.metric", "a summary statistic, e.g. pnl or sharpe");
  } else if (!n.IsScalar()) {
    fail(c.file, n, "objective", "a statistic name or {metric, direction}");
  }
  o.metric = metric.Scalar();
  const auto slash = o.metric.find('/');
  o.numerator = o.metric.substr(0, slash);
  if (slash != std::string::npos) o.denominator = o.metric.substr(slash + 1);
  std::string known;
  for (const auto& s : stat_names) known += (known.empty() ? "" : ", ") + s;
  std::vector<std::string> parts = {o.numerator};
  if (slash != std::string::npos) parts.push_back(o.denominator);
  for (const std::string& part : parts) {
    if (std::find(stat_names.begin(), stat_names.end(), part) == stat_names.end())
      fail(c.file, metric, "objective.metric", "a statistic or a ratio a/b of two (" + known + ")");
  }
  return o;
}

}  // namespace

SweepConfig parse_sweep_config(const std::string& yaml_text, const std::string& file) {
  const YAML::Node root =
      config_detail::load_yaml_root(yaml_text, file, "a map with base, space, objective");
  SweepConfig c;
  c.file = file;
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (key != "base" && key != "space" && key != "objective" && key != "keep_top")
      fail(file, kv.first, key, "one of base, space, objective, keep_top");
  }
  const YAML::Node base = root["base"];
  if (!base) throw ConfigError(file, 1, 1, "base", "a run config (a file or inline)", "nothing");
  YAML::Node base_node;
  if (base.IsScalar()) {
    std::filesystem::path path(base.Scalar());
    if (path.is_relative()) path = std::filesystem::path(file).parent_path() / path;
    c.base_file = path.lexically_normal().string();
    std::ifstream in(c.base_file);
    if (!in || std::filesystem::is_directory(c.base_file))
      fail(file, base, "base", "a readable run config file (" + c.base_file + ")");
    std::stringstream text;
    text << in.rdbuf();
    base_node =
        config_detail::load_yaml_root(text.str(), c.base_file, config_detail::kRunConfigRoot);
  } else if (base.IsMap()) {
    c.base_file = file;
    base_node = base;
  } else {
    fail(file, base, "base", "a run config file or an inline run config");
  }
  const RunConfig base_config = run_config_from_node(base_node, c.base_file);  // validates
  c.base_yaml = YAML::Dump(base_node) + "\n";

  const YAML::Node space = root["space"];
  if (!space || !space.IsMap())
    fail(file, space ? space : root, "space", "a map with grid, zip and/or random");
  std::vector<std::vector<Assignment>> blocks;
  for (const auto& kv : space) {
    const std::string key = kv.first.Scalar();
    if (key == "grid")
      blocks.push_back(read_grid(c, kv.second));
    else if (key == "zip")
      blocks.push_back(read_zip(c, kv.second));
    else if (key == "random")
      blocks.push_back(read_random(c, kv.second));
    else
      fail(file, kv.first, "space." + key, "grid, zip or random");
  }
  if (blocks.empty()) fail(file, space, "space", "at least one of grid, zip, random");
  c.space_yaml = YAML::Dump(space) + "\n";

  std::vector<Assignment> points = {{}};
  for (const auto& block : blocks) {
    std::vector<Assignment> next;
    for (const Assignment& a : points) {
      for (const Assignment& b : block) {
        Assignment joined = a;
        joined.insert(joined.end(), b.begin(), b.end());
        next.push_back(std::move(joined));
      }
    }
    points = std::move(next);
    if (points.size() > 1'000'000) fail(file, space, "space", "at most 1,000,000 points");
  }
  for (const Assignment& a : points) {
    SweepPoint p;
    p.values.resize(c.parameters.size());
    for (const auto& [param, value] : a) p.values[param] = value;
    c.points.push_back(std::move(p));
  }

  const auto stat_names = instance_stat_names(base_config.markout_horizons);
  if (const YAML::Node objective = root["objective"]) {
    c.objective = read_objective(c, objective, stat_names);
  } else {
    c.objective.metric = c.objective.numerator = "pnl";
  }
  if (const YAML::Node k = root["keep_top"]) {
    if (!is_integer_text(k) || std::stoll(k.Scalar()) < 0 || std::stoll(k.Scalar()) > 1000)
      fail(file, k, "keep_top", "an integer in [0, 1000]");
    c.keep_top = static_cast<int>(std::stoll(k.Scalar()));
  }
  return c;
}

SweepConfig load_sweep_config(const std::string& path) {
  return parse_sweep_config(config_detail::read_config_file(path, "a readable YAML sweep config"),
                            path);
}

}  // namespace tilt
