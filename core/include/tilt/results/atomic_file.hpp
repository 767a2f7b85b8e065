// Output files appear whole or not at all. Each is written to a temporary name beside the target,
// `<target>.tmp.<pid>`, then committed: renamed over the target (atomic on POSIX file systems). A
// process killed at any point (SIGKILL, an exception) leaves the old target or the whole new one,
// at worst also a `.tmp.<pid>` file, which no reader takes for an output and which the next write
// of the same target removes. Against a power loss the data must also reach the disk before the
// rename and the folder after it (fsync, Durability::power_loss), which waits for the device: 7-50
// ms per file on the shared bench machine, as long as the replay of a small data set. So files that
// running the same command again rebuilds (a run folder: config.resolved.yaml, results.h5,
// summary.json, run.log, report.html; every results.h5) are committed with process_crash, and a
// power loss can at worst leave one empty, which no reader takes for a whole one. Inputs that are
// costly to rebuild (event stores), the sweep journal and the other sweep and study files keep
// power_loss.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tilt {

enum class Durability : bool {
  process_crash,  ///< rename after write: whole or absent after a crash of this process
  power_loss,     ///< also fsync the file before the rename and the folder after it
};

/// Writes `content` to `<path>.tmp.<pid>` and commits it (commit_temporary). Throws tilt::Error
/// naming the path on failure and leaves no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability = Durability::power_loss);

/// Throws tilt::Error when `path` exists and is not a regular file (a folder, a device, a FIFO):
/// renaming over it would replace it, and as root that includes /dev entries.
void require_replaceable(const std::string& path);

/// The temporary name used for `path` by this process: `<path>.tmp.<pid>`.
std::string temporary_path_for(const std::string& path);

/// Makes the finished file `temp` the output `path`: rename over `path`, with power_loss after an
/// fsync of the file and followed by an fsync of the folder. On failure removes `temp` and throws
/// tilt::Error naming `path`.
void commit_temporary(const std::string& temp, const std::string& path,
                      Durability durability = Durability::power_loss);

/// Removes the temporaries of `path` (files or folders `<path>.tmp.<pid>`) whose process no longer
/// runs on this machine: what a killed writer left. Those of live processes (another tilt writing
/// the same target) are kept. Returns how many were removed; errors are ignored (best effort).
std::size_t remove_stale_temporaries(const std::string& path);

/// fsyncs the folder `dir` so that entries just created or renamed in it survive a power loss.
/// Throws tilt::Error when the folder cannot be opened or synced.
void sync_directory(const std::string& dir);

}  // namespace tilt
