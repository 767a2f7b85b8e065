// Runs the tilt executable (TILT_BINARY) as a user would, capturing its exit and output.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace tilt::testing {

struct TiltResult {
  int status;          ///< exit status, or 128 + signal number when killed by a signal, -1 unknown
  std::string output;  ///< stdout and stderr together
};

/// Runs `command` through the shell, stdout and stderr together.
inline TiltResult run_command(const std::string& command) {
  TiltResult result{-1, {}};
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
    result.output += buffer.data();
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.status = 128 + WTERMSIG(status);
  return result;
}

/// `args` is passed to the shell after the binary's path: quote paths that need it.
inline TiltResult run_tilt(const std::string& args) {
  return run_command(std::string(TILT_BINARY) + " " + args);
}

}  // namespace tilt::testing
