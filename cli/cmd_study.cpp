// tilt study CONFIG [-o DIR] [--quiet]: how well each signal predicts the next mid moves, at each
// horizon (tilt/study/study.hpp) -> DIR/{study.json, study.h5, study.html, config.resolved.yaml}.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "command.hpp"
#include "format_util.hpp"
#include "progress.hpp"
#include "synthetic_store.hpp"
#include "tilt/error.hpp"
#include "tilt/study/study.hpp"

namespace tilt::cli {
namespace {

namespace fs = std::filesystem;

struct StudyArgs {
  std::string config;
  std::string output;
  bool quiet = false;
};

std::string num(double v, int digits) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "-";
}

int run(const StudyArgs& args) {
  study::StudyConfig config = study::load_study_config(args.config);
  const std::string dir = !args.output.empty() ? args.output
                          : !config.output_dir.empty()
                              ? config.output_dir
                              : (fs::path("runs") / fs::path(args.config).stem()).string();
  if (!config.stores.empty())
    ensure_synthetic_store(config.stores.front(), config.synthetic, args.quiet);
  ProgressReporter progress("study", args.quiet);
  const study::StudyResult result =
      study::run_study(config, [&progress](const study::StudyProgress& p) {
        const double fraction = p.events_total > 0 ? static_cast<double>(p.events_done) /
                                                         static_cast<double>(p.events_total)
                                                   : 0.0;
        progress.update(fraction,
                        rate_detail(p.events_done, p.events_total, "events", p.elapsed_seconds));
      });
  progress.finish();
  study::write_study_outputs(result, dir);
  if (args.quiet) return 0;
  const study::StudyCounters& k = result.counters;
  fmt::print("study {}: {} events, {} samples ({}) in {:.2f} s\n", dir, format_count(k.events),
             format_count(k.samples), config.sampling.label(), result.wall_seconds);
  fmt::print("  {:<28} {:>8} {:>9} {:>7} {:>8} {:>8} {:>8} {:>8}\n", "signal", "horizon",
             "hit rate", "zero", "IC", "s.e.", "Spearman", "R2");
  for (const study::PredictiveResult& r : result.predictive) {
    fmt::print("  {:<28} {:>8} {:>9} {:>7} {:>8} {:>8} {:>8} {:>8}\n", r.signal, r.horizon,
               num(r.hit_rate, 4), num(r.zero_move_share, 3), num(r.ic_pearson, 4),
               num(r.ic_pearson_se, 4), num(r.ic_spearman, 4), num(r.r_squared, 4));
  }
  fmt::print("  CKS ({} intervals of {}): slope {} ticks/lot, R2 {}; mean R2 over {} windows {}\n",
             format_count(result.cks.intervals),
             signal_params::format_duration(result.cks.interval), num(result.cks.slope, 6),
             num(result.cks.r_squared, 3), result.cks.windows,
             num(result.cks.mean_window_r_squared, 3));
  fmt::print("  micro-price table (spread {} tick): {}\n", result.micro_price.table_spread_ticks,
             result.micro_price.table_text);
  if (k.samples_dropped_lookahead_full > 0)
    fmt::print(
        "  warning: {} samples dropped: look-ahead buffer full (statistics.lookahead_capacity)\n",
        format_count(k.samples_dropped_lookahead_full));
  fmt::print("  outputs: {}/study.json, study.h5, study.html, config.resolved.yaml\n", dir);
  return 0;
}

void setup_study(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "study", "Measure how well signals predict the next mid moves (hit rate, IC, R2, buckets)");
  auto args = std::make_shared<StudyArgs>();
  cmd->add_option("config", args->config, "Study config (YAML)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Output folder (default: output.dir, else runs/<config name>)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress and no summary on success");
  cmd->callback(
      [args, set_action = std::move(set_action)] { set_action([args] { return run(*args); }); });
}

TILT_REGISTER_COMMAND("study", setup_study);

}  // namespace
}  // namespace tilt::cli
