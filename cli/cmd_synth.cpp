// tilt synth: write a synthetic L2 event store (see adapters/synthetic/generator.hpp).
#include <fmt/format.h>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>

#include "adapters/synthetic/generator.hpp"
#include "command.hpp"
#include "format_util.hpp"
#include "tilt/error.hpp"

namespace tilt::cli {
namespace {

// Reads data.store and data.synthetic from a run config; every other key under data is an error.
// (The full run-config layer arrives with `tilt run`; this covers the data section it will share.)
void apply_config(const std::string& file, synthetic::Params& params, std::string& out) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw Error(file + ": cannot open config file");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line + 1, e.mark.column + 1, "(yaml)", "valid YAML", e.msg);
  }
  const auto fail = [&file](const YAML::Node& node, const std::string& path,
                            const std::string& expected) {
    const std::string got = node.IsScalar() ? "'" + node.Scalar() + "'"
                                            : "a " + std::string(node.IsMap() ? "map" : "list");
    throw ConfigError(file, node.Mark().line + 1, node.Mark().column + 1, path, expected, got);
  };
  const YAML::Node data = root["data"];
  if (!data || !data.IsMap()) throw ConfigError(file, 1, 1, "data", "a 'data' section", "");
  for (const auto& kv : data) {
    const std::string key = kv.first.as<std::string>();
    if (key == "store") {
      if (!kv.second.IsScalar()) fail(kv.second, "data.store", "a file path");
      if (out.empty()) out = kv.second.as<std::string>();
    } else if (key == "synthetic") {
      for (const auto& p : kv.second) {
        const std::string name = p.first.as<std::string>();
        const std::string path = "data.synthetic." + name;
        try {
          if (name == "events")
            params.events = p.second.as<std::int64_t>();
          else if (name == "seed")
            params.seed = p.second.as<std::uint64_t>();
          else if (name == "levels")
            params.levels = p.second.as<int>();
          else if (name == "imbalance_strength")
            params.imbalance_strength = p.second.as<double>();
          else
            fail(p.first, path, "one of events, seed, levels, imbalance_strength");
        } catch (const YAML::BadConversion&) {
          fail(p.second, path, name == "imbalance_strength" ? "a number in [0, 1]" : "an integer");
        }
      }
    } else {
      fail(kv.first, "data." + key, "one of store, synthetic");
    }
  }
}

void setup_synth(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "synth", "Generate a synthetic L2 event store with a tunable imbalance effect");
  struct Options {
    synthetic::Params params;
    std::string out;
    std::string compression = "blosc_lz4";
    bool quiet = false;
    std::string config;
    bool print_store_path = false;
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
  cmd->add_option("-o,--output", opts->out, "Output store (.h5); default: data.store of --config");
  cmd->add_option("--config,-c", opts->config,
                  "Take data.synthetic parameters and data.store from a run config");
  cmd->add_flag("--print-store-path", opts->print_store_path,
                "Print the output path and exit (for scripts)");
  cmd->add_flag("--quiet,-q", opts->quiet, "Print nothing on success");
  cmd->callback([opts, set_action] {
    set_action([opts] {
      if (!opts->config.empty()) apply_config(opts->config, opts->params, opts->out);
      if (opts->out.empty())
        throw Error("tilt synth: no output file: give -o FILE or --config with data.store");
      if (opts->print_store_path) {
        fmt::print("{}\n", opts->out);
        return 0;
      }
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
