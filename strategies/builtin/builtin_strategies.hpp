// The built-in strategies, by name: what `strategy.name` may say without `strategy.plugin`.
#pragma once

#include "tilt/run/strategy_runners.hpp"

namespace tilt::strategies {

/// The registry of every built-in strategy (built once, on first use).
const StrategyRunners& builtin_strategies();

}  // namespace tilt::strategies
