// The `data:` keys that run and study configs share: `store` or `stores` (event store files) and
// `synthetic` (generate the single store first). A caller reads its own extra keys from the same
// Params before finish().
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "tilt/config/params.hpp"

namespace tilt::config_detail {

struct DataStores {
  std::vector<std::string> stores;               ///< as written (relative to the config's folder)
  std::map<std::string, std::string> synthetic;  ///< resolved text; empty: the stores must exist
};

/// Reads store/stores/synthetic of the `data` map `node`, whose scalar keys are in `p`.
/// `what` says what the stores are for in the error when there are none.
DataStores read_data_stores(const YAML::Node& node, Params& p, const std::string& file,
                            const std::string& what);

}  // namespace tilt::config_detail
