#include "tilt/run/strategy_runners.hpp"

#include "tilt/run/plugin_strategy.hpp"
#include "tilt/strategy_loader.hpp"

namespace tilt {

void StrategyRunners::add(StrategyRunner entry) {
  const std::string name = entry.name;
  if (!entries_.emplace(name, std::move(entry)).second)
    throw Error("strategy '" + name + "' is registered twice");
}

const StrategyRunner* StrategyRunners::find(const std::string& name) const {
  const auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> StrategyRunners::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) out.push_back(name);
  return out;
}

StrategyRunner strategy_for(const RunConfig& config, const StrategyRunners& registry) {
  if (!config.strategy_plugin.empty()) {
    const auto make = [](const RunConfig& c, Params& params) {
      return PluginStrategy(load_plugin_strategy(c.strategy_plugin, c.strategy_name, params));
    };
    StrategyRunner runner = make_strategy_runner<PluginStrategy>(config.strategy_name, make);
    // A plugin may ask for signals beyond the YAML's (Strategy::required_signals): a run adds
    // them, and a sweep adds them to every point before grouping (so points whose plugin asks for
    // other signals replay apart, and a group's shared signal set holds what each instance needs).
    runner.run = [make](const RunConfig& c, const RunOptions& options) {
      Params params = c.strategy_params;
      PluginStrategy strategy = make(c, params);
      const RunConfig run = with_required_signals(c, strategy);
      return run_backtest(std::move(strategy), run, options);
    };
    runner.replay_config = [make](const RunConfig& c) {
      Params params = c.strategy_params;
      PluginStrategy strategy = make(c, params);
      return with_required_signals(c, strategy);
    };
    return runner;
  }
  if (const StrategyRunner* entry = registry.find(config.strategy_name)) return *entry;
  std::string known;
  for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError(config.file, config.strategy_name_line, config.strategy_name_column,
                    "strategy.name",
                    "a built-in strategy (" + known + ") or strategy.plugin: path/to/lib.so",
                    "'" + config.strategy_name + "'");
}

}  // namespace tilt
