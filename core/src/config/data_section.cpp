#include "config/data_section.hpp"

#include <cstdint>
#include <limits>

#include "config/yaml_section.hpp"

namespace tilt::config_detail {

DataStores read_data_stores(const YAML::Node& node, Params& p, const std::string& file,
                            const std::string& what) {
  DataStores d;
  if (p.has("store")) d.stores.push_back(p.text("store", ""));
  if (const YAML::Node list = node["stores"]) {
    if (!list.IsSequence()) fail(file, list, "data.stores", "a list of store files");
    for (const auto& item : list) {
      if (!item.IsScalar()) fail(file, item, "data.stores[]", "a file path");
      d.stores.push_back(item.Scalar());
    }
  }
  if (const YAML::Node synth = node["synthetic"]) {
    constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
    Params s = section(synth, file, "data.synthetic");
    d.synthetic["events"] =
        std::to_string(s.integer("events", 1'000'000, 1, std::int64_t{1} << 40));
    d.synthetic["seed"] = std::to_string(s.integer("seed", 1, 0, kMaxInt));
    d.synthetic["levels"] = std::to_string(s.integer("levels", 10, 2, 1000));
    s.number("imbalance_strength", 0.6, 0.0, 1.0);
    d.synthetic["imbalance_strength"] = s.resolved().at("imbalance_strength");
    s.finish();
  }
  if (d.stores.empty())
    throw ConfigError(file, line_of(node), column_of(node), "data.store", what, "nothing");
  if (d.stores.size() > 1 && !d.synthetic.empty())
    fail(file, node["synthetic"], "data.synthetic", "a single data.store to generate into");
  return d;
}

}  // namespace tilt::config_detail
