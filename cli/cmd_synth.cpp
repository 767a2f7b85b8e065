// tilt synth: write a synthetic L2 event store (see adapters/synthetic/generator.hpp).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "adapters/synthetic/generator.hpp"
#include "command.hpp"
#include "format_util.hpp"
#include "tilt/error.hpp"

namespace tilt::cli {
namespace {

void setup_synth(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "synth", "Generate a synthetic L2 event store with a tunable imbalance effect");
  struct Options {
    synthetic::Params params;
    std::string out;
    std::string compression = "blosc_lz4";
    bool quiet = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--events,-n", opts->params.events, "Number of events")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
  cmd->add_option("--seed,-s", opts->params.seed, "Random seed (same seed, same file)");
  cmd->add_option("--levels", opts->params.levels, "Price levels per side")
      ->check(CLI::Range(2, 1000));
  cmd->add_option("--imbalance-strength", opts->params.imbalance_strength,
                  "0 = imbalance predicts nothing, 1 = next move follows the thinner side")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--compression", opts->compression, "none, deflate or blosc_lz4")
      ->check(CLI::IsMember({"none", "deflate", "blosc_lz4"}));
  cmd->add_option("-o,--output", opts->out, "Output store (.h5)")->required();
  cmd->add_flag("--quiet,-q", opts->quiet, "Print nothing on success");
  cmd->callback([opts, set_action = std::move(set_action)] {
    set_action([opts] {
      const auto parent = std::filesystem::path(opts->out).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      const auto start = std::chrono::steady_clock::now();
      StoreOptions store_options;
      store_options.compression = compression_from_string(opts->compression);
      const std::int64_t n = synthetic::write_store(opts->params, opts->out, store_options);
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!opts->quiet) {
        fmt::print(
            "wrote {} events to {} in {:.2f} s ({:.1f} M events/s), seed {}, imbalance strength "
            "{}\n",
            format_count(n), opts->out, secs, static_cast<double>(n) / secs / 1e6,
            opts->params.seed, opts->params.imbalance_strength);
      }
      return 0;
    });
  });
}

TILT_REGISTER_COMMAND("synth", setup_synth);

}  // namespace
}  // namespace tilt::cli
