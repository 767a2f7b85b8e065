#include "filesystem_error_text.hpp"

#include <string_view>

namespace tilt::cli {

std::string describe_filesystem_error(const std::filesystem::filesystem_error& error) {
  // what() is "filesystem error: <operation>: <reason> [<path1>] [<path2>]" (libstdc++); the
  // operation is the one part not available on its own.
  std::string_view what = error.what();
  constexpr std::string_view prefix = "filesystem error: ";
  if (what.starts_with(prefix)) what.remove_prefix(prefix.size());
  if (const auto bracket = what.find(" ["); bracket != std::string_view::npos)
    what = what.substr(0, bracket);
  const std::string reason = error.code().message();
  if (what.ends_with(": " + reason)) what.remove_suffix(reason.size() + 2);
  const std::string operation(what);

  const std::string source = error.path1().string();
  const std::string target = error.path2().string();
  if (target.empty()) return source + ": " + operation + ": " + reason;
  return target + ": " + operation + " (from " + source + "): " + reason;
}

}  // namespace tilt::cli
