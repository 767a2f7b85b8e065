// tilt run CONFIG [-o RUN_DIR] [--quiet]: one backtest from a YAML config to a run folder
// (config.resolved.yaml, summary.json, results.h5, report.html, run.log).
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "format_util.hpp"
#include "progress.hpp"
#include "strategies/builtin/builtin_strategies.hpp"
#include "synthetic_store.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/report/report.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::cli {
namespace {

namespace fs = std::filesystem;

struct RunArgs {
  std::string config;
  std::string output;
  bool quiet = false;
};

std::string default_output_dir(const RunConfig& config) {
  if (!config.output_dir.empty()) return config.output_dir;
  return (fs::path("runs") / fs::path(config.file).stem()).string();
}

/// What the replay changed in the data, on stderr whatever --quiet says: negative feed latency
/// raised to zero and crossed books repaired (also in summary.json).
void report_replay_repairs(const nlohmann::json& summary) {
  if (summary.contains("feed")) {
    const auto& feed = summary["feed"];
    const auto events = feed.value("negative_latency_events", std::int64_t{0});
    if (events > 0) {
      fmt::print(
          stderr,
          "tilt run: feed clock: {} events arrived before the venue sent them (worst "
          "feed latency {:.6f} s); their local time was raised to exch_ts (set "
          "feed.clock_offset to correct a skewed clock)\n",
          format_count(events),
          static_cast<double>(feed.value("worst_negative_latency_ns", std::int64_t{0})) / 1e9);
    }
  }
  if (summary.contains("repairs")) {
    const auto& r = summary["repairs"];
    const auto events = r.value("book.crossed_events", std::int64_t{0});
    if (events > 0) {
      fmt::print(stderr,
                 "tilt run: book.crossed repair: {} messages left the book crossed or locked; {} "
                 "stale levels removed\n",
                 format_count(events),
                 format_count(r.value("book.crossed_levels_removed", std::int64_t{0})));
    }
  }
}

int run(const RunArgs& args) {
  RunConfig config = load_run_config(args.config);
  const std::string dir = args.output.empty() ? default_output_dir(config) : args.output;
  config.output_dir = dir;
  std::string log = fmt::format("tilt run {} -> {}\n", args.config, dir);

  ProgressReporter progress("run", args.quiet);
  RunOptions options;
  options.output_dir = dir;
  options.prepare_data = [&config, &args] { ensure_synthetic_store(config, args.quiet); };
  options.progress = [&progress](const RunProgress& p) {
    const double fraction = p.events_total > 0 ? static_cast<double>(p.events_done) /
                                                     static_cast<double>(p.events_total)
                                               : 0.0;
    progress.update(fraction,
                    rate_detail(p.events_done, p.events_total, "events", p.elapsed_seconds));
  };
  const RunReport report = run_config(config, options, strategies::builtin_strategies());
  progress.finish();

  const nlohmann::json summary = nlohmann::json::parse(report.summary_json);
  report_replay_repairs(summary);
  log += fmt::format("status {}\nevents {}\nwall {:.3f} s\n", summary.value("status", "?"),
                     report.events, report.wall_seconds);
  if (!report.ok) log += "error " + report.error + "\n";
  log += report.strategy_log;
  write_file_atomically((fs::path(dir) / "run.log").string(), log,
                        Durability::process_crash);  // no fsync (atomic_file.hpp)

  if (!report.ok) {
    throw Error("run failed (partial outputs in " + dir + ", marked failed): " + report.error);
  }
  if (config.output.report) {
    try {
      write_report(dir);
    } catch (const Error& e) {
      throw Error("run succeeded (outputs in " + dir +
                  ") but report.html could not be written: " + e.what());
    }
  }
  if (!args.quiet) {
    const auto num = [&summary](const char* key) {
      return summary.contains(key) && summary[key].is_number() ? summary[key].get<double>() : 0.0;
    };
    fmt::print("run {}: {} on {}, {} events in {:.2f} s ({:.1f} M events/s)\n", dir,
               summary.value("strategy", "?"), summary["instrument"].value("symbol", "?"),
               format_count(report.events), report.wall_seconds, num("events_per_second") / 1e6);
    const bool extrapolated = summary.value("sharpe_extrapolated", false);
    fmt::print(
        "  P&L {:.2f}  (realized {:.2f}, fees {:.2f})   Sharpe {:.3f} per interval, {:.2f} "
        "annualized ({}{})\n",
        num("pnl"), num("realized_pnl"), num("fees"), num("sharpe"), num("sharpe_annualized"),
        summary.value("sharpe_calendar", "?"),
        extrapolated ? ", extrapolated from less than a trading day" : "");
    fmt::print(
        "  fills {}  (maker share {:.0f}%, fill ratio {:.0f}%)   max |inventory| {}   max drawdown "
        "{:.2f}\n",
        format_count(static_cast<std::int64_t>(num("fills"))), 100 * num("maker_share"),
        100 * num("fill_ratio"), num("max_abs_inventory"), num("max_drawdown"));
    fmt::print("  outputs: {}/summary.json, results.h5, {}config.resolved.yaml, run.log\n", dir,
               config.output.report ? "report.html, " : "");
  }
  return 0;
}

void setup_run(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand("run", "Run one backtest described by a YAML config");
  auto args = std::make_shared<RunArgs>();
  cmd->add_option("config", args->config, "Run config (YAML)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Run folder (default: output.dir, else runs/<config name>)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress and no summary on success");
  cmd->callback(
      [args, set_action = std::move(set_action)] { set_action([args] { return run(*args); }); });
}

TILT_REGISTER_COMMAND("run", setup_run);

}  // namespace
}  // namespace tilt::cli
