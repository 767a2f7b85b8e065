// tilt sweep CONFIG [-j N] [-o DIR] [--quiet]: every point of a sweep config, on all cores (or on
// MPI ranks under mpirun), into one resumable output folder (tilt/sweep/sweep_runner.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "command.hpp"
#include "format_util.hpp"
#include "progress.hpp"
#include "strategies/builtin/builtin_strategies.hpp"
#include "synthetic_store.hpp"
#include "tilt/sweep/sweep_mpi.hpp"
#include "tilt/sweep/sweep_runner.hpp"

namespace tilt::cli {
namespace {

namespace fs = std::filesystem;

struct SweepArgs {
  std::string config;
  std::string output;
  std::size_t jobs = 0;
  std::size_t max_group = 128;
  bool quiet = false;
};

std::string cell(double v) {
  return std::isfinite(v) ? fmt::format("{:.4g}", v) : std::string("-");
}

double stat(const SweepRow& row, const char* name) {
  for (const auto& [n, v] : row.stats)
    if (n == name) return v;
  return std::nan("");
}

void print_summary(const SweepConfig& sweep, const SweepOutcome& out, const std::string& dir) {
  fmt::print(
      "sweep {}: {} runs ({} run now, {} resumed) in {:.2f} s on {} workers, {:.1f} M "
      "instance-events/s\n",
      dir, out.rows.size(), out.ran, out.resumed, out.wall_seconds, out.workers,
      out.wall_seconds > 0 ? static_cast<double>(out.instance_events) / out.wall_seconds / 1e6
                           : 0.0);
  const std::size_t failed = static_cast<std::size_t>(std::count_if(
      out.rows.begin(), out.rows.end(), [](const SweepRow& r) { return r.status != "ok"; }));
  if (failed > 0) fmt::print("  {} runs failed (see the error column of results.csv)\n", failed);
  fmt::print("  best by {} ({}):\n", sweep.objective.metric,
             sweep.objective.maximize ? "maximize" : "minimize");
  std::string header = fmt::format("  {:>3} {:16} {:>11}", "#", "id", "objective");
  for (const std::string& p : out.parameters) {
    const auto dot = p.rfind('.');
    header += fmt::format(" {:>12.12}", dot == std::string::npos ? p : p.substr(dot + 1));
  }
  header += fmt::format(" {:>10} {:>8} {:>7} {:>7}", "pnl", "sharpe", "fills", "max|inv|");
  fmt::print("{}\n", header);
  for (std::size_t k = 0; k < out.best.size() && k < 10; ++k) {
    const SweepRow& r = out.rows[out.best[k]];
    std::string line =
        fmt::format("  {:>3} {:16} {:>11}", k + 1, r.id, cell(objective_value(sweep.objective, r)));
    for (const std::string& v : r.values) line += fmt::format(" {:>12.12}", v);
    line += fmt::format(" {:>10} {:>8} {:>7} {:>7}", cell(stat(r, "pnl")), cell(stat(r, "sharpe")),
                        cell(stat(r, "fills")), cell(stat(r, "max_abs_inventory")));
    fmt::print("{}\n", line);
  }
  fmt::print(
      "  outputs: {}/results.csv, results.h5, sweep.html, sweep.resolved.yaml, top/ ({} run "
      "folders)\n",
      dir, out.top_dirs.size());
}

int run(const SweepArgs& args) {
  const SweepConfig sweep = load_sweep_config(args.config);
  SweepOptions options;
  options.output_dir = args.output.empty()
                           ? (fs::path("runs") / fs::path(args.config).stem()).string()
                           : args.output;
  options.workers = args.jobs;
  options.max_group = std::max<std::size_t>(1, args.max_group);
  const bool mpi = mpi_launched();
  ProgressReporter progress("sweep", args.quiet);
  options.progress = [&progress](const SweepProgress& p) {
    const double fraction =
        p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0;
    std::string detail = fmt::format("{}/{} runs", p.done, p.total);
    const std::int64_t ran = p.done - p.resumed;
    if (ran > 0 && p.done < p.total && p.elapsed_seconds > 0) {
      const double per_run = p.elapsed_seconds / static_cast<double>(ran);
      detail += "  ETA " + format_duration(static_cast<Duration>(
                               per_run * static_cast<double>(p.total - p.done) * 1e9));
    }
    progress.update(fraction, detail);
  };
  options.prepare_data = [&args](const RunConfig& config) {
    ensure_synthetic_store(config, args.quiet);
  };
  const SweepOutcome outcome = mpi ? run_sweep_mpi(sweep, options, strategies::builtin_strategies())
                                   : run_sweep(sweep, options, strategies::builtin_strategies());
  progress.finish();
  if (outcome.root && !args.quiet) print_summary(sweep, outcome, options.output_dir);
  return 0;
}

void setup_sweep(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "sweep", "Run a parameter sweep (threads, or MPI ranks under mpirun); resumable");
  auto args = std::make_shared<SweepArgs>();
  cmd->add_option("config", args->config, "Sweep config (YAML)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Sweep folder (default runs/<config name>); an existing one is resumed");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: every core)");
  cmd->add_option("--max-group", args->max_group,
                  "Strategy instances per replay at most (memory: workers x this)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress and no summary");
  cmd->callback(
      [args, set_action = std::move(set_action)] { set_action([args] { return run(*args); }); });
}

TILT_REGISTER_COMMAND("sweep", setup_sweep);

}  // namespace
}  // namespace tilt::cli
