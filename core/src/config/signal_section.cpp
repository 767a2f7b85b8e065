#include "config/signal_section.hpp"

#include "config/yaml_section.hpp"

namespace tilt::config_detail {

SignalSpec read_signal_entry(const YAML::Node& item, const std::string& file,
                             const std::string& path, SignalSet& probe, bool distinct) {
  Params p = section(item, file, path);
  SignalSpec spec;
  if (!p.has("type")) fail(file, item, path + ".type", "a signal type");
  spec.type = p.text("type", "");
  spec.name = p.text("name", "");
  for (const auto& [key, entry] : p.entries()) {
    if (key != "type" && key != "name") spec.params[key] = entry.text;
  }
  try {
    const std::size_t before = probe.size();
    probe.add(spec);
    if (distinct && probe.size() == before)
      throw SignalError("signal '" + canonical_name(spec) + "' is listed twice");
  } catch (const SignalError& e) {
    throw ConfigError(file, line_of(item), column_of(item), path,
                      "a valid signal (" + std::string(e.what()) + ")", "");
  }
  return spec;
}

}  // namespace tilt::config_detail
