// tilt: the command-line front end. Each subcommand is a cmd_*.cpp file. User errors (tilt::Error,
// filesystem failures on the paths the user gave, and command-line mistakes) print one line,
// "tilt: error: ...", and exit 1; anything else is an internal error (exit 3).
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>

#include "command.hpp"
#include "filesystem_error_text.hpp"
#include "tilt/error.hpp"
#include "tilt/version.hpp"

namespace tilt::cli {

std::vector<CommandRegistration>& command_table() {
  static std::vector<CommandRegistration> table;
  return table;
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

namespace {

// A command-line mistake as one line naming the command it concerns: "tilt run: config is
// required (tilt run --help lists the options)".
int usage_error(const CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  const auto parsed = app.get_subcommands();
  std::string what = e.what();
  if (parsed.empty() && argc > 1 && argv[1][0] != '-') {
    std::string names;
    for (const auto& reg : command_table()) {
      names += names.empty() ? "" : ", ";
      names += reg.name;
    }
    what = std::string("unknown command '") + argv[1] + "', expected one of " + names;
  }
  const std::string command = parsed.empty() ? "tilt" : "tilt " + parsed.front()->get_name();
  std::fprintf(stderr, "tilt: error: %s: %s (%s --help lists the options)\n", command.c_str(),
               what.c_str(), command.c_str());
  return 1;
}

}  // namespace
}  // namespace tilt::cli

int main(int argc, char** argv) {
  // glibc serves each block over 128 KiB (HDF5's chunk buffers, the blosc filter's output, table
  // columns) with a fresh mmap that free() unmaps, so every chunk read or written faults its pages
  // in again. Served from the heap and kept there they are reused: on the AMZN sample run ~1,150
  // fewer page faults (of ~5,700) and ~9% less CPU, for ~5 MB more peak RSS (bench/README.md).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  CLI::App app{"tilt: backtest order-book imbalance strategies on L2 market data", "tilt"};
  app.set_version_flag("--version", std::string("tilt ") + tilt::kVersion);
  app.require_subcommand(1);

  auto& table = tilt::cli::command_table();
  std::sort(table.begin(), table.end(),
            [](const auto& a, const auto& b) { return std::string_view(a.name) < b.name; });
  std::function<int()> action;
  for (auto& reg : table) {
    reg.setup(app, [&action](std::function<int()> fn) { action = std::move(fn); });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return tilt::cli::usage_error(app, argc, argv, e);
  }
  try {
    return action ? action() : 0;
  } catch (const tilt::Error& e) {
    std::fprintf(stderr, "tilt: error: %s\n", e.what());
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    // Always about a path the user named (an output folder, a file to write): their mistake.
    std::fprintf(stderr, "tilt: error: %s\n", tilt::cli::describe_filesystem_error(e).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tilt: internal error: %s\n", e.what());
    return 3;
  } catch (...) {
    std::fprintf(stderr, "tilt: internal error: an exception that is not a std::exception\n");
    return 3;
  }
}
