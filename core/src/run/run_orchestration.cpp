#include "tilt/run/run_orchestration.hpp"

#include <filesystem>

#include "tilt/results/atomic_file.hpp"

namespace tilt {

void write_resolved_config(const RunConfig& config,
                           const std::map<std::string, std::string>& strategy_params,
                           const std::string& dir) {
  std::filesystem::create_directories(dir);
  write_file_atomically((std::filesystem::path(dir) / "config.resolved.yaml").string(),
                        resolved_yaml(config, strategy_params),
                        Durability::process_crash);  // a copy of the input (atomic_file.hpp)
}

RunReport run_config(const RunConfig& config, RunOptions options,
                     const StrategyRunners& registry) {
  const StrategyRunner entry = strategy_for(config, registry);
  const auto params = entry.resolve_params(config);
  write_resolved_config(config, params, options.output_dir);
  options.strategy_label = config.strategy_name;
  options.plugin = config.strategy_plugin;
  if (options.prepare_data) options.prepare_data();
  return entry.run(config, options);
}

}  // namespace tilt
