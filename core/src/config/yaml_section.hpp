// Turns a YAML map into Params (scalars, with their positions) so every config section is read
// with the same typed, range-checked getters and the same unknown-key check.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "tilt/config/params.hpp"
#include "tilt/error.hpp"

namespace tilt::config_detail {

inline int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}
inline int column_of(const YAML::Node& n) {
  return n.Mark().column + 1;
}

inline std::string describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  return "nothing";
}

[[noreturn]] inline void fail(const std::string& file, const YAML::Node& n, const std::string& path,
                              const std::string& expected) {
  throw ConfigError(file, line_of(n), column_of(n), path, expected, describe(n));
}

/// The root of a config file: checks that `text` is UTF-8, parses it (a syntax error names the line
/// and column yaml-cpp reports) and requires a map at the top, else "<file>:1:1: (top level):
/// expected <expected>". Every config loader (run, sweep, study, tilt convert's instrument file)
/// reads its file through this.
YAML::Node load_yaml_root(const std::string& text, const std::string& file,
                          const std::string& expected);

/// What a run config's top level must be (run configs, and a sweep's base run config).
inline constexpr const char* kRunConfigRoot = "a map with data, strategy, ... sections";

/// The whole text of config file `path`; "<path>:0:0: (file): expected <expected>, got no such
/// file" (or "a directory", "an unreadable file") when it cannot be read.
std::string read_config_file(const std::string& path, const std::string& expected);

/// The scalar entries of map `node` as Params; keys in `nested` must be handled by the caller and
/// are skipped. A non-scalar value under any other key is an error.
inline Params section(const YAML::Node& node, const std::string& file, const std::string& path,
                      const std::set<std::string>& nested = {}) {
  if (!node.IsMap()) fail(file, node, path, "a map of settings");
  std::map<std::string, Params::Entry> entries;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (nested.contains(key)) continue;
    if (!kv.second.IsScalar()) {
      fail(file, kv.second, path + "." + key, "a single value");
    }
    entries[key] = Params::Entry{kv.second.Scalar(), line_of(kv.second), column_of(kv.second)};
  }
  return Params(file, path, std::move(entries), line_of(node), column_of(node));
}

}  // namespace tilt::config_detail
