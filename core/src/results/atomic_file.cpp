#include "tilt/results/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tilt/error.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTemporaryMark = ".tmp.";

std::string parent_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

void sync_path(const std::string& path, int flags, const std::string& what) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open to sync " + what + ": " + std::strerror(errno));
  const bool ok = ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  // A file system that cannot sync folders (EINVAL) has nothing to make durable.
  if (!ok && !(err == EINVAL && (flags & O_DIRECTORY) != 0))
    throw Error(path + ": cannot sync " + what + ": " + std::strerror(err));
}

}  // namespace

std::string temporary_path_for(const std::string& path) {
  return path + std::string(kTemporaryMark) + std::to_string(::getpid());
}

void require_replaceable(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw Error(path + ": exists and is not a regular file; refusing to replace it");
}

void sync_directory(const std::string& dir) {
  sync_path(dir, O_RDONLY | O_DIRECTORY, "the folder");
}

void commit_temporary(const std::string& temp, const std::string& path, Durability durability) {
  std::error_code ec;
  if (durability == Durability::power_loss) {
    try {
      sync_path(temp, O_RDONLY, "the file");
    } catch (const Error&) {
      fs::remove(temp, ec);
      throw Error(path + ": cannot write (disk full?): sync of " + temp + " failed");
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temp, ec);
    throw Error(path + ": cannot rename into place: " + why);
  }
  if (durability == Durability::power_loss) sync_directory(parent_of(path));
}

std::size_t remove_stale_temporaries(const std::string& path) {
  const std::string prefix = fs::path(path).filename().string() + std::string(kTemporaryMark);
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(parent_of(path), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    pid_t pid = 0;
    const auto [stop, err] = std::from_chars(first, last, pid);
    if (err != std::errc() || stop != last || pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // that process still runs
    std::error_code remove_error;
    if (fs::remove_all(it->path(), remove_error) > 0 && !remove_error) ++removed;
  }
  return removed;
}

void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability) {
  require_replaceable(path);
  remove_stale_temporaries(path);
  const std::string temp = temporary_path_for(path);
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) throw Error(path + ": cannot create " + temp);
  const bool ok =
      std::fwrite(content.data(), 1, content.size(), f) == content.size() && std::fflush(f) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw Error(path + ": cannot write (disk full?)");
  }
  commit_temporary(temp, path, durability);
}

}  // namespace tilt
