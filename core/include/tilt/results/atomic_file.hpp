// Output files appear whole or not at all: written to a temporary name beside the target, then
// renamed over it (rename is atomic on POSIX file systems).
#pragma once

#include <string>
#include <string_view>

namespace tilt {

/// Writes `content` to `<path>.tmp.<pid>`, flushes it, renames it to `path`. Throws tilt::Error
/// naming the path on failure and leaves no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

/// Throws tilt::Error when `path` exists and is not a regular file (a folder, a device, a FIFO):
/// renaming over it would replace it, and as root that includes /dev entries.
void require_replaceable(const std::string& path);

/// The temporary name used for `path` by this process.
std::string temporary_path_for(const std::string& path);

}  // namespace tilt
