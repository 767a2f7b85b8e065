#include "config/yaml_section.hpp"

#include <yaml-cpp/depthguard.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/utf8_config.hpp"

namespace tilt::config_detail {

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
  return root;
}

}  // namespace tilt::config_detail
