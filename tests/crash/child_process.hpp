// Runs the tilt executable as a child process and, when asked, kills it with SIGKILL after a
// delay: no signal handler, no destructor, no flush runs in the child.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tilt::crash {

struct ChildOutcome {
  bool killed = false;  ///< SIGKILL ended it (it had not exited by the deadline)
  int exit_code = -1;   ///< when it exited on its own
  double seconds = 0;   ///< from spawn to reap
  std::string output;   ///< stdout and stderr together
};

/// Runs `tilt args...` in `cwd` with its output in `log_file`. With `kill_after`, sends SIGKILL
/// at that delay after the spawn unless the child has exited by then.
inline ChildOutcome run_tilt_child(const std::vector<std::string>& args, const std::string& cwd,
                                   const std::string& log_file,
                                   std::optional<std::chrono::nanoseconds> kill_after = {}) {
  std::vector<std::string> argv_text{TILT_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  const auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + argv_text[0]);

  ChildOutcome outcome;
  int status = 0;
  if (kill_after) {
    // Poll rather than sleep through: a child that exits early is reaped (and timed) at once.
    const auto deadline = started + *kill_after;
    for (;;) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        ::kill(pid, SIGKILL);  // an unreaped child keeps its pid: this cannot hit another process
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(
          std::min<std::chrono::nanoseconds>(deadline - now, std::chrono::microseconds(500)));
    }
  } else {
    ::waitpid(pid, &status, 0);
  }
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  outcome.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  std::ifstream in(log_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  outcome.output = text.str();
  return outcome;
}

}  // namespace tilt::crash
