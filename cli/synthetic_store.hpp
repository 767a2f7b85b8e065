// data.synthetic in a run config: the store is generated before the run, shared by `tilt run` and
// `tilt sweep`.
#pragma once

#include "tilt/config/run_config.hpp"

namespace tilt::cli {

/// Generates data.store from data.synthetic unless a store made with the same parameters is there.
void ensure_synthetic_store(const RunConfig& config, bool quiet);

}  // namespace tilt::cli
