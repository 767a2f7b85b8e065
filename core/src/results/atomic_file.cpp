#include "tilt/results/atomic_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "tilt/error.hpp"

namespace tilt {

std::string temporary_path_for(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

void require_replaceable(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw Error(path + ": exists and is not a regular file; refusing to replace it");
}

void write_file_atomically(const std::string& path, std::string_view content,
                           Durability durability) {
  require_replaceable(path);
  const std::string temp = temporary_path_for(path);
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) throw Error(path + ": cannot create " + temp);
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size() &&
                  std::fflush(f) == 0 &&
                  (durability == Durability::process_crash || ::fsync(::fileno(f)) == 0);
  std::fclose(f);
  std::error_code ec;
  if (!ok) {
    std::filesystem::remove(temp, ec);
    throw Error(path + ": cannot write (disk full?)");
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw Error(path + ": cannot rename into place: " + ec.message());
  }
}

}  // namespace tilt
