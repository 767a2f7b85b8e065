// Output files appear whole or not at all. Each is written to a temporary name beside the target,
// `<target>.tmp.<pid>`, then committed: fsync the file, rename it over the target (atomic on POSIX
// file systems), fsync the folder. A process killed at any point (SIGKILL, power loss) leaves the
// old target or the new one, never a part of one; at worst a `.tmp.<pid>` file, which no reader
// takes for an output and which the next write of the same target removes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tilt {

/// Writes `content` to `<path>.tmp.<pid>` and commits it (commit_temporary). Throws tilt::Error
/// naming the path on failure and leaves no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

/// Throws tilt::Error when `path` exists and is not a regular file (a folder, a device, a FIFO):
/// renaming over it would replace it, and as root that includes /dev entries.
void require_replaceable(const std::string& path);

/// The temporary name used for `path` by this process: `<path>.tmp.<pid>`.
std::string temporary_path_for(const std::string& path);

/// Makes the finished file `temp` the output `path`: fsync, rename over `path`, fsync the folder.
/// On failure removes `temp` and throws tilt::Error naming `path`.
void commit_temporary(const std::string& temp, const std::string& path);

/// Removes the temporaries of `path` (files or folders `<path>.tmp.<pid>`) whose process no longer
/// runs on this machine: what a killed writer left. Those of live processes (another tilt writing
/// the same target) are kept. Returns how many were removed; errors are ignored (best effort).
std::size_t remove_stale_temporaries(const std::string& path);

/// fsyncs the folder `dir` so that entries just created or renamed in it survive a power loss.
/// Throws tilt::Error when the folder cannot be opened or synced.
void sync_directory(const std::string& dir);

}  // namespace tilt
