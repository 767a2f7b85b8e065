// tilt report RUN_DIR: (re)writes RUN_DIR/report.html from the run folder's results.h5,
// summary.json and config.resolved.yaml. `tilt run` writes it too; this regenerates it after a
// tilt upgrade or for a run folder copied from elsewhere.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "command.hpp"
#include "tilt/report/report.hpp"

namespace tilt::cli {
namespace {

struct ReportArgs {
  std::string run_dir;
  bool quiet = false;
};

int run_report(const ReportArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  write_report(args.run_dir);
  if (!args.quiet) {
    const std::string path = (std::filesystem::path(args.run_dir) / "report.html").string();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("report {} ({:.1f} kB, {:.2f} s)\n", path,
               static_cast<double>(std::filesystem::file_size(path)) / 1e3, seconds);
  }
  return 0;
}

void setup_report(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand("report", "Write report.html for a run folder");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("run_dir", args->run_dir, "Run folder (holds results.h5 and summary.json)")
      ->required();
  cmd->add_flag("--quiet,-q", args->quiet, "Print nothing on success");
  cmd->callback([args, set_action = std::move(set_action)] {
    set_action([args] { return run_report(*args); });
  });
}

TILT_REGISTER_COMMAND("report", setup_report);

}  // namespace
}  // namespace tilt::cli
