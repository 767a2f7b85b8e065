// From a validated RunConfig to the engine's settings: one place that maps YAML names to the
// simulator's compile-time model variants (queue, latency, fee).
#pragma once

#include "tilt/config/run_config.hpp"
#include "tilt/instrument.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {

/// The store's instrument with the config's fee overrides applied.
Instrument run_instrument(const RunConfig& config, const Instrument& from_store);
SimConfig make_sim_config(const RunConfig& config);
/// Reads the recorded latency file if the config names one (DataError on bad rows).
InstanceConfig make_instance_config(const RunConfig& config, const Instrument& instrument);

}  // namespace tilt
