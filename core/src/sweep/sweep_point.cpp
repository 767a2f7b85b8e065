#include "tilt/sweep/sweep_point.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "config/run_config_node.hpp"
#include "tilt/error.hpp"

namespace tilt {
namespace {

void set_path(YAML::Node node, const std::vector<std::string>& parts, std::size_t i,
              const std::string& value) {
  if (i + 1 == parts.size()) {
    node[parts[i]] = value;
    return;
  }
  if (!node[parts[i]] || !node[parts[i]].IsMap()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
  set_path(node[parts[i]], parts, i + 1, value);
}

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
    parts.push_back(key.substr(start, dot - start));
  parts.push_back(key.substr(start));
  return parts;
}

// A ConfigError from a swept value, moved to where the sweep file names that key.
[[noreturn]] void rethrow_at_parameter(const SweepConfig& sweep, const SweepPoint& point,
                                       const ConfigError& e) {
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
    const SweepParameter& p = sweep.parameters[i];
    if (e.path() == p.key || e.path().rfind(p.key + ".", 0) == 0 ||
        p.key.rfind(e.path() + ".", 0) == 0) {
      const std::string message = e.what();
      const auto at = message.find(": expected ");
      const std::string detail = at == std::string::npos ? message : message.substr(at + 11);
      throw ConfigError(sweep.file, p.line, p.column, p.key,
                        detail + " (swept value '" + point.values[i] + "')", "");
    }
  }
  throw e;
}

}  // namespace

std::string stable_hash(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

ResolvedPoint resolve_point(const SweepConfig& sweep, const SweepPoint& point,
                            const StrategyRunners& runners) {
  YAML::Node root = YAML::Load(sweep.base_yaml);
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
    set_path(root, split_key(sweep.parameters[i].key), 0, point.values[i]);
  ResolvedPoint r;
  r.values = point.values;
  try {
    r.config = run_config_from_node(root, sweep.base_file);
    r.config.output_dir.clear();
    const StrategyRunner runner = strategy_for(r.config, runners);
    r.resolved_yaml = resolved_yaml(r.config, runner.resolve_params(r.config));
    // The id hashes the config as written (as `tilt run` resolves it); the run replays it with
    // a plugin's required signals, which therefore join the group key.
    r.config = runner.replay_config(r.config);
  } catch (const ConfigError& e) {
    rethrow_at_parameter(sweep, point, e);
  }
  r.id = stable_hash(r.resolved_yaml);
  r.group_key = replay_group_key(r.config);
  return r;
}

std::string replay_group_key(const RunConfig& config) {
  RunConfig shared = config;
  const RunConfig defaults;
  shared.maker_fee = defaults.maker_fee;
  shared.taker_fee = defaults.taker_fee;
  shared.fee_basis = defaults.fee_basis;
  shared.latency_model = defaults.latency_model;
  shared.entry_latency = defaults.entry_latency;
  shared.response_latency = defaults.response_latency;
  shared.latency_file = defaults.latency_file;
  shared.queue_model = defaults.queue_model;
  shared.queue_power = defaults.queue_power;
  shared.partial_fills = defaults.partial_fills;
  shared.remember_consumed_liquidity = defaults.remember_consumed_liquidity;
  shared.output_dir.clear();
  shared.sample_interval = defaults.sample_interval;
  shared.signal_sample_interval = defaults.signal_sample_interval;
  shared.markout_horizons = defaults.markout_horizons;
  shared.seed = defaults.seed;
  return resolved_yaml(shared, {});
}

}  // namespace tilt
