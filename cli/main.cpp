// tilt: the command-line front end. Each subcommand is a cmd_*.cpp file; user errors (tilt::Error,
// and filesystem failures on the paths the user gave) print one line and exit 1, command-line
// mistakes exit 2.
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

}  // namespace tilt::cli

int main(int argc, char** argv) {
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
    return app.exit(e);
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
  }
}
