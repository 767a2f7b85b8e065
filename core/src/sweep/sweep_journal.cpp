#include "tilt/sweep/sweep_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tilt/error.hpp"
#include "tilt/results/atomic_file.hpp"

namespace tilt {

SweepJournal::SweepJournal(std::string path) : path_(std::move(path)) {
  std::string text;
  bool existed = false;
  {
    std::ifstream in(path_, std::ios::binary);
    existed = static_cast<bool>(in);
    if (in) {
      std::stringstream s;
      s << in.rdbuf();
      text = s.str();
    }
  }
  const std::size_t complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  std::set<std::string> ids;
  std::size_t start = 0;
  std::int64_t line = 1;
  while (start < complete) {
    const std::size_t end = text.find('\n', start);
    const std::string row_text = text.substr(start, end - start);
    if (!row_text.empty()) {
      try {
        SweepRow row = row_from_json(row_text);
        if (ids.insert(row.id).second) existing_.push_back(std::move(row));
      } catch (const Error& e) {
        throw DataError(path_, line, "", e.what());
      }
    }
    start = end + 1;
    ++line;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("cannot open sweep journal " + path_ + ": " + std::strerror(errno));
  // Cut a torn last line, then append after the complete rows. A new journal's folder entry is
  // synced too, so that rows fsynced into it cannot vanish with their file.
  if ((complete < text.size() && ::ftruncate(fd_, static_cast<off_t>(complete)) != 0) ||
      ::lseek(fd_, static_cast<off_t>(complete), SEEK_SET) < 0 ||
      (complete < text.size() && ::fsync(fd_) != 0)) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw Error("cannot prepare sweep journal " + path_ + ": " + std::strerror(err));
  }
  if (!existed) {
    const std::filesystem::path folder = std::filesystem::path(path_).parent_path();
    try {
      sync_directory(folder.empty() ? std::string(".") : folder.string());
    } catch (...) {
      ::close(fd_);
      fd_ = -1;
      throw;
    }
  }
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::append(const std::vector<SweepRow>& rows) {
  std::string text;
  for (const SweepRow& r : rows) text += row_to_json(r) + "\n";
  std::lock_guard lock(mutex_);
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot write sweep journal " + path_ + ": " + std::strerror(errno));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0)
    throw Error("cannot sync sweep journal " + path_ + ": " + std::strerror(errno));
}

}  // namespace tilt
