#include "synthetic_store.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "adapters/synthetic/generator.hpp"
#include "format_util.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::cli {
namespace {

namespace fs = std::filesystem;

synthetic::Params synthetic_params(const std::map<std::string, std::string>& synthetic) {
  synthetic::Params p;
  p.events = std::stoll(synthetic.at("events"));
  p.seed = std::stoull(synthetic.at("seed"));
  p.levels = std::stoi(synthetic.at("levels"));
  p.imbalance_strength = std::stod(synthetic.at("imbalance_strength"));
  return p;
}

}  // namespace

void ensure_synthetic_store(const std::string& path,
                            const std::map<std::string, std::string>& synthetic, bool quiet) {
  if (synthetic.empty()) return;
  const synthetic::Params params = synthetic_params(synthetic);
  const std::string fingerprint =
      fmt::format("events={} seed={} levels={} imbalance_strength={}", params.events, params.seed,
                  params.levels, params.imbalance_strength);
  if (fs::exists(path)) {
    try {
      const StoreMetadata meta = read_store_metadata(path);
      auto it = meta.text.find("synthetic.params");
      if (it != meta.text.end() && it->second == fingerprint) return;
    } catch (const Error&) {
      // unreadable: regenerate below
    }
  }
  if (!quiet)
    fmt::print(stderr, "generating {} synthetic events into {}\n", format_count(params.events),
               path);
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
  synthetic::write_store(params, path, {}, fingerprint);
}

}  // namespace tilt::cli
