// A run config from an already parsed YAML node, for configs that embed one (a sweep's `base:`),
// so that errors keep the positions in the file the node came from.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "tilt/config/run_config.hpp"

namespace tilt {

RunConfig run_config_from_node(const YAML::Node& root, const std::string& file);

}  // namespace tilt
