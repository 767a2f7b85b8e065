// Finding a strategy by name: built-ins registered in a StrategyRegistry, or a plugin shared
// library loaded with Boost.DLL. Every failure is a PluginError naming the library and strategy:
// a missing file, a library that is not a tilt plugin (missing symbol), an ABI or version
// mismatch, an unknown strategy name (listing those offered), or an exception from its factory.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tilt/error.hpp"
#include "tilt/strategy.hpp"

namespace tilt {

class PluginError : public Error {
 public:
  PluginError(std::string library, std::string strategy, const std::string& what)
      : Error("plugin " + library + ", strategy '" + strategy + "': " + what),
        library_(std::move(library)),
        strategy_(std::move(strategy)) {}
  const std::string& library() const { return library_; }
  const std::string& strategy() const { return strategy_; }

 private:
  std::string library_;
  std::string strategy_;
};

class StrategyRegistry {
 public:
  void add(const std::string& name, StrategyFactory factory);
  bool contains(const std::string& name) const { return factories_.contains(name); }
  /// Throws ConfigError-like tilt::Error listing the registered names when `name` is unknown.
  std::unique_ptr<Strategy> create(const std::string& name, Params& params) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, StrategyFactory> factories_;
};

/// A strategy with whatever keeps its code loaded. Destroys the strategy before unloading the
/// library.
class LoadedStrategy {
 public:
  LoadedStrategy() = default;
  LoadedStrategy(std::shared_ptr<void> library, std::unique_ptr<Strategy> strategy,
                 std::string name, std::string library_path)
      : library_(std::move(library)),
        strategy_(std::move(strategy)),
        name_(std::move(name)),
        library_path_(std::move(library_path)) {}
  LoadedStrategy(LoadedStrategy&&) noexcept = default;
  LoadedStrategy& operator=(LoadedStrategy&& other) noexcept {
    strategy_ = std::move(other.strategy_);
    library_ = std::move(other.library_);
    name_ = std::move(other.name_);
    library_path_ = std::move(other.library_path_);
    return *this;
  }
  ~LoadedStrategy() { strategy_.reset(); }

  Strategy& strategy() { return *strategy_; }
  const std::string& name() const { return name_; }
  /// Empty for a built-in.
  const std::string& library_path() const { return library_path_; }
  bool is_plugin() const { return !library_path_.empty(); }

 private:
  std::shared_ptr<void> library_;  // declared first: destroyed after the strategy
  std::unique_ptr<Strategy> strategy_;
  std::string name_;
  std::string library_path_;
};

/// An ABI tag as messages show it: 0x followed by 16 hex digits.
std::string abi_tag_text(std::uint64_t tag);

/// Loads `name` from the plugin at `library_path`, constructing it from `params`.
LoadedStrategy load_plugin_strategy(const std::string& library_path, const std::string& name,
                                    Params& params);

/// A built-in from `registry`, or a plugin when `library_path` is not empty.
LoadedStrategy make_strategy(const StrategyRegistry& registry, const std::string& library_path,
                             const std::string& name, Params& params);

}  // namespace tilt
