// Subcommands of the tilt executable. Each lives in its own cmd_<name>.cpp and registers itself
// with a static TILT_REGISTER_COMMAND; main.cpp only dispatches.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace tilt::cli {

/// Adds a subcommand to `app` and sets its callback. The callback returns the exit status.
using CommandSetup =
    std::function<void(CLI::App& app, std::function<void(std::function<int()>)> set_action)>;

struct CommandRegistration {
  const char* name;
  CommandSetup setup;
};

std::vector<CommandRegistration>& command_table();

struct CommandRegistrar {
  CommandRegistrar(const char* name, CommandSetup setup) {
    command_table().push_back({name, std::move(setup)});
  }
};

/// True when stderr is a terminal: progress bars then redraw in place, otherwise print plain lines.
bool stderr_is_terminal();

}  // namespace tilt::cli

#define TILT_CLI_CONCAT2(a, b) a##b
#define TILT_CLI_CONCAT(a, b) TILT_CLI_CONCAT2(a, b)
#define TILT_REGISTER_COMMAND(name, fn) \
  static ::tilt::cli::CommandRegistrar TILT_CLI_CONCAT(tilt_command_, __LINE__)(name, fn)
