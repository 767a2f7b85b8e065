// One entry of a `signals:` list, shared by run and study configs:
// {type: ..., name: ..., parameters...} read as a SignalSpec and checked where it is written.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "tilt/signals/signal_set.hpp"
#include "tilt/signals/signal_spec.hpp"

namespace tilt::config_detail {

/// Reads `item` (at `path`, e.g. "signals[2]") and adds it to `probe`, which checks the type and
/// parameters; with `distinct`, a signal already in `probe` is an error too. Every failure is a
/// ConfigError at the entry's line and column.
SignalSpec read_signal_entry(const YAML::Node& item, const std::string& file,
                             const std::string& path, SignalSet& probe, bool distinct);

}  // namespace tilt::config_detail
