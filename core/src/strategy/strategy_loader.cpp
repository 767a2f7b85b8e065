#include "tilt/strategy_loader.hpp"

#include <boost/dll/shared_library.hpp>
#include <cstdio>
#include <filesystem>

#include "tilt/signals/signal_set.hpp"

namespace tilt {

std::string abi_tag_text(std::uint64_t tag) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(tag));
  return text;
}

void StrategyRegistry::add(const std::string& name, StrategyFactory factory) {
  if (!factories_.emplace(name, factory).second)
    throw Error("strategy '" + name + "' is registered twice");
}

std::vector<std::string> StrategyRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, factory] : factories_) out.push_back(name);
  return out;
}

std::unique_ptr<Strategy> StrategyRegistry::create(const std::string& name, Params& params) const {
  auto it = factories_.find(name);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown strategy '" + name + "': built-in strategies are " + known +
                " (or name a plugin with strategy.plugin)");
  }
  return it->second(params);
}

LoadedStrategy load_plugin_strategy(const std::string& library_path, const std::string& name,
                                    Params& params) {
  std::error_code ec;
  if (!std::filesystem::exists(library_path, ec))
    throw PluginError(library_path, name, "no such file");
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(library_path,
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    // Boost wraps the loader's own words ("<file>: undefined symbol: f") in its boilerplate and a
    // stale errno text; the user needs only the loader's words.
    std::string why = e.what();
    const std::string marker = "dlerror system message: ";
    if (const auto at = why.find(marker); at != std::string::npos) {
      why = why.substr(at + marker.size());
      if (const auto end = why.rfind("): "); end != std::string::npos) why.resize(end);
    }
    throw PluginError(library_path, name, "cannot load the library: " + why);
  }
  if (!library->has("tilt_plugin_abi_tag") && library->has("tilt_plugin_abi_version")) {
    throw PluginError(library_path, name,
                      "built against an older tilt (strategy ABI version " +
                          std::to_string(library->get<int()>("tilt_plugin_abi_version")()) +
                          ", before ABI tags), this is tilt " + kVersion + " (strategy ABI tag " +
                          abi_tag_text(kStrategyAbiTag) +
                          "): rebuild the plugin against this tilt");
  }
  for (const char* symbol : {"tilt_plugin_abi_tag", "tilt_plugin_tilt_version",
                             "tilt_plugin_find_strategy", "tilt_plugin_strategy_names"}) {
    if (!library->has(symbol)) {
      throw PluginError(library_path, name,
                        std::string("not a tilt plugin: symbol ") + symbol +
                            " is missing (did the library use TILT_PLUGIN_STRATEGIES?)");
    }
  }
  const std::uint64_t abi = library->get<std::uint64_t()>("tilt_plugin_abi_tag")();
  const std::string version = library->get<const char*()>("tilt_plugin_tilt_version")();
  if (abi != kStrategyAbiTag || version != kVersion) {
    throw PluginError(library_path, name,
                      "built against tilt " + version + " (strategy ABI tag " + abi_tag_text(abi) +
                          "), this is tilt " + kVersion + " (strategy ABI tag " +
                          abi_tag_text(kStrategyAbiTag) +
                          "): the strategy types differ; rebuild the plugin against this tilt");
  }
  const StrategyFactory factory =
      library->get<StrategyFactory(const char*)>("tilt_plugin_find_strategy")(name.c_str());
  if (factory == nullptr) {
    const std::string offered = library->get<const char*()>("tilt_plugin_strategy_names")();
    throw PluginError(library_path, name,
                      "the library offers no such strategy; it offers: " + offered);
  }
  std::unique_ptr<Strategy> strategy;
  try {
    strategy = factory(params);
  } catch (const ConfigError&) {
    throw;  // already names the config file, line and column
  } catch (const std::exception& e) {
    throw PluginError(library_path, name, std::string("constructor threw: ") + e.what());
  } catch (...) {
    throw PluginError(library_path, name,
                      "constructor threw something that is not a std::exception");
  }
  if (!strategy) throw PluginError(library_path, name, "the factory returned no strategy");
  return LoadedStrategy(std::static_pointer_cast<void>(library), std::move(strategy), name,
                        library_path);
}

LoadedStrategy make_strategy(const StrategyRegistry& registry, const std::string& library_path,
                             const std::string& name, Params& params) {
  if (!library_path.empty()) return load_plugin_strategy(library_path, name, params);
  return LoadedStrategy(nullptr, registry.create(name, params), name, "");
}

}  // namespace tilt

namespace tilt {

SignalHandle require_signal(const SignalSet& signals, std::string_view name) {
  if (auto h = signals.find(name)) return *h;
  std::string known;
  for (const auto& n : signals.names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("no signal named '" + std::string(name) + "' in this run; configured signals: " +
              (known.empty() ? "none (add them under signals: in the run config)" : known));
}

}  // namespace tilt
