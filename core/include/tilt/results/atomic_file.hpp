// Output files appear whole or not at all: written to a temporary name beside the target, then
// renamed over it (rename is atomic on POSIX file systems). That alone holds against a crash of
// the process (SIGKILL, an exception): the target is the old file or the whole new one. Against a
// power loss the data must also reach the disk before the rename (fsync), which waits for the
// device: 7-50 ms per file on the shared bench machine, as long as the replay of a small data set.
// A run folder (config.resolved.yaml, results.h5, summary.json, run.log, report.html) is written
// without fsync: every file in it is rebuilt by running the same config again, and a power loss
// can at worst leave a file empty, which no reader takes for a whole one (results.h5 never had
// one: HDF5 flushes without it). Sweep-level files keep the default (fsync).
#pragma once

#include <string>
#include <string_view>

namespace tilt {

enum class Durability : bool {
  process_crash,  ///< rename after write: whole or absent after a crash of this process
  power_loss,     ///< also fsync before the rename
};

/// Writes `content` to `<path>.tmp.<pid>`, flushes it (and fsyncs it for power_loss), renames it
/// to `path`. Throws tilt::Error naming the path on failure and leaves no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability = Durability::power_loss);

/// Throws tilt::Error when `path` exists and is not a regular file (a folder, a device, a FIFO):
/// renaming over it would replace it, and as root that includes /dev entries.
void require_replaceable(const std::string& path);

/// The temporary name used for `path` by this process.
std::string temporary_path_for(const std::string& path);

}  // namespace tilt
