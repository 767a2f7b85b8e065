#include "config/yaml_section.hpp"

#include <yaml-cpp/depthguard.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/utf8_config.hpp"

namespace tilt::config_detail {
namespace {

// yaml-cpp keeps both entries of a key written twice in one mapping and a lookup finds only one of
// them, so `report: false` above `report: true` would silently mean one of the two: an error here,
// naming the second and where the first is. An alias is the node it names (yaml-cpp shares it), so
// each collection is checked once, found by where it starts in the text: that ends alias cycles
// and keeps nested aliases (the "billion laughs" shape) linear.
void reject_duplicate_keys(const YAML::Node& node, const std::string& file, const std::string& path,
                           std::set<int>& seen) {
  if (!node.IsMap() && !node.IsSequence()) return;
  if (!seen.insert(node.Mark().pos).second) return;
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      reject_duplicate_keys(node[i], file, path + "[" + std::to_string(i) + "]", seen);
    }
    return;
  }
  std::map<std::string, YAML::Mark> first;  // scalar key -> where it is
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    const std::string name = key.IsScalar() ? key.Scalar() : std::string();
    const std::string child = path.empty() ? name : path + "." + name;
    if (key.IsScalar()) {
      const auto [it, inserted] = first.emplace(name, key.Mark());
      if (!inserted) {
        throw ConfigError(
            file, key.Mark().line + 1, key.Mark().column + 1, child, "each key once in a mapping",
            "'" + name + "' again (first at line " + std::to_string(it->second.line + 1) +
                ", column " + std::to_string(it->second.column + 1) + ")");
      }
    }
    reject_duplicate_keys(entry.second, file, child, seen);
  }
}

}  // namespace

std::string read_config_file(const std::string& path, const std::string& expected) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ConfigError(path, 0, 0, "(file)", expected, "a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(path, 0, 0, "(file)", expected,
                      std::filesystem::exists(path, ec) ? "an unreadable file" : "no such file");
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

YAML::Node load_yaml_root(const std::string& text, const std::string& file,
                          const std::string& expected) {
  require_utf8(text, file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own text for it is "bad file"
    throw ConfigError(file, e.mark.line + 1, e.mark.column + 1, "(yaml)", "valid YAML",
                      "nesting too deep for the YAML parser");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line + 1, e.mark.column + 1, "(yaml)", "valid YAML", e.msg);
  }
  if (!root.IsMap()) throw ConfigError(file, 1, 1, "(top level)", expected, describe(root));
  std::set<int> seen;
  reject_duplicate_keys(root, file, "", seen);
  return root;
}

}  // namespace tilt::config_detail
