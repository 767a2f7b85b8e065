// The one list of built-in strategies: adding one is one include and one line below.
#include "strategies/builtin/builtin_strategies.hpp"

#include "strategies/builtin/imbalance_market_maker.hpp"
#include "strategies/builtin/imbalance_taker.hpp"

namespace tilt::strategies {

const StrategyRunners& builtin_strategies() {
  static const StrategyRunners registry = [] {
    StrategyRunners r;
    r.add(builtin_strategy_runner<ImbalanceMarketMaker>("imbalance_market_maker"));
    r.add(builtin_strategy_runner<ImbalanceTaker>("imbalance_taker"));
    return r;
  }();
  return registry;
}

}  // namespace tilt::strategies
