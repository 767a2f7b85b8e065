// Strategies by name, as runners. A runner turns a run config into a run, whatever the strategy's
// C++ type: the typed work (the Simulator is a template over the strategy) is instantiated once per
// strategy when the entry is made, and callers see plain functions.
//
// The built-in strategies are listed in one place, strategies/builtin/builtin_strategies.cpp; a new
// built-in is one line there. The registry is handed to the orchestration functions
// (run_orchestration.hpp, sweep/) rather than filled by static constructors, which a linker may
// drop from a static library.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tilt/config/params.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/run/backtest.hpp"
#include "tilt/run/group_run.hpp"

namespace tilt {

struct StrategyRunner {
  std::string name;
  /// Builds the strategy from config.strategy_params (ConfigError when they are invalid) and
  /// returns the parameters it used, defaults filled in.
  std::function<std::map<std::string, std::string>(const RunConfig&)> resolve_params;
  /// One run of `config` to options.output_dir (run_backtest).
  std::function<RunReport(const RunConfig&, const RunOptions&)> run;
  /// Many configs of one replay group as instances of one Simulator (group_run.hpp).
  std::function<GroupRunResult(const std::vector<GroupMember>&, const GroupOutputFilter&)>
      run_group;
  /// The config as a run replays it: a plugin's required_signals() appended to its signals
  /// (plugin_strategy.hpp, with_required_signals); built-ins: the config itself. `run` applies
  /// it; a sweep applies it to every point before grouping, so that the shared signal set holds
  /// what every instance asks for.
  std::function<RunConfig(const RunConfig&)> replay_config;
};

/// The entry for strategy type S, built from its params by `make(const RunConfig&, Params&)`.
template <SimStrategy S, typename Make>
StrategyRunner make_strategy_runner(std::string name, Make make) {
  StrategyRunner e;
  e.name = std::move(name);
  e.resolve_params = [make](const RunConfig& config) {
    Params params = config.strategy_params;
    (void)make(config, params);
    return params.resolved();
  };
  e.run = [make](const RunConfig& config, const RunOptions& options) {
    Params params = config.strategy_params;
    S strategy = make(config, params);
    return run_backtest(std::move(strategy), config, options);
  };
  e.run_group = [make](const std::vector<GroupMember>& members, const GroupOutputFilter& filter) {
    return run_group<S>(
        members,
        [&make](const RunConfig& config) {
          Params params = config.strategy_params;
          return make(config, params);
        },
        filter);
  };
  e.replay_config = [](const RunConfig& config) { return config; };
  return e;
}

/// A built-in strategy constructed as S(Params&).
template <SimStrategy S>
StrategyRunner builtin_strategy_runner(std::string name) {
  return make_strategy_runner<S>(std::move(name),
                                 [](const RunConfig&, Params& params) { return S(params); });
}

class StrategyRunners {
 public:
  /// Adds an entry; a second entry under the same name is a tilt::Error.
  void add(StrategyRunner entry);
  /// The entry named `name`, or nullptr.
  const StrategyRunner* find(const std::string& name) const;
  /// Registered names, sorted.
  std::vector<std::string> names() const;

 private:
  std::map<std::string, StrategyRunner> entries_;
};

/// The entry that runs config.strategy_name: the plugin in config.strategy_plugin when it names
/// one, else the registered built-in. An unknown name is a ConfigError at strategy.name listing the
/// registered ones.
StrategyRunner strategy_for(const RunConfig& config, const StrategyRunners& registry);

}  // namespace tilt
