// data.synthetic in a run or study config: the store is generated before the job, shared by
// `tilt run`, `tilt sweep` and `tilt study` (one fingerprint, so they share the file).
#pragma once

#include <map>
#include <string>

#include "tilt/config/run_config.hpp"

namespace tilt::cli {

/// Generates `path` from `synthetic` (events, seed, levels, imbalance_strength, as resolved text)
/// unless a store made with the same parameters is there. Nothing to do when `synthetic` is empty.
void ensure_synthetic_store(const std::string& path,
                            const std::map<std::string, std::string>& synthetic, bool quiet);

inline void ensure_synthetic_store(const RunConfig& config, bool quiet) {
  if (!config.synthetic.empty())
    ensure_synthetic_store(config.stores.front(), config.synthetic, quiet);
}

}  // namespace tilt::cli
