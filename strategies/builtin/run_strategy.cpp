#include "strategies/builtin/run_strategy.hpp"

#include <filesystem>

#include "strategies/builtin/imbalance_market_maker.hpp"
#include "strategies/builtin/imbalance_taker.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/run/plugin_strategy.hpp"
#include "tilt/strategy_loader.hpp"

namespace tilt::strategies {
namespace {

void write_resolved(const RunConfig& config, const Params& params, const std::string& dir) {
  std::filesystem::create_directories(dir);
  write_file_atomically((std::filesystem::path(dir) / "config.resolved.yaml").string(),
                        resolved_yaml(config, params.resolved()));
}

template <typename S>
RunReport run_builtin(const RunConfig& config, RunOptions options) {
  Params params = config.strategy_params;
  S strategy(params);
  write_resolved(config, params, options.output_dir);
  options.strategy_label = config.strategy_name;
  if (options.prepare_data) options.prepare_data();
  return run_backtest(std::move(strategy), config, options);
}

}  // namespace

std::vector<std::string> builtin_names() {
  return {"imbalance_market_maker", "imbalance_taker"};
}

RunReport run_config(const RunConfig& config, RunOptions options) {
  if (!config.strategy_plugin.empty()) {
    Params params = config.strategy_params;
    LoadedStrategy loaded =
        load_plugin_strategy(config.strategy_plugin, config.strategy_name, params);
    write_resolved(config, params, options.output_dir);
    options.strategy_label = config.strategy_name;
    options.plugin = config.strategy_plugin;
    PluginStrategy strategy(std::move(loaded));
    const RunConfig run = with_required_signals(config, strategy);  // + the strategy's signals
    if (options.prepare_data) options.prepare_data();
    return run_backtest(std::move(strategy), run, options);
  }
  if (config.strategy_name == "imbalance_market_maker")
    return run_builtin<ImbalanceMarketMaker>(config, options);
  if (config.strategy_name == "imbalance_taker")
    return run_builtin<ImbalanceTaker>(config, options);
  std::string known;
  for (const auto& n : builtin_names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError(config.file, config.strategy_name_line, config.strategy_name_column,
                    "strategy.name",
                    "a built-in strategy (" + known + ") or strategy.plugin: path/to/lib.so",
                    "'" + config.strategy_name + "'");
}

}  // namespace tilt::strategies
