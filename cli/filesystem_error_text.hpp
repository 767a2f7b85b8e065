// The one line a user sees for a failed filesystem operation on a path they gave (an output
// folder that is an existing file, a CSV target that is a folder, ...).
#pragma once

#include <filesystem>
#include <string>

namespace tilt::cli {

/// "<path>: <operation>: <reason>", e.g. "/etc/passwd: cannot create directories: Not a
/// directory"; a rename or copy names its source too: "<target>: cannot rename (from <source>):
/// Is a directory".
std::string describe_filesystem_error(const std::filesystem::filesystem_error& error);

}  // namespace tilt::cli
