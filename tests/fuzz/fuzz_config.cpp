// The YAML config loaders: run (tilt run), sweep (tilt sweep) and study (tilt study).
//
// Input: one selector byte (value % 3: 0 run, 1 sweep, 2 study), then the YAML text, parsed as
// the file <scratch>/fuzz.yaml (a sweep's relative `base:` file is looked up beside it, where
// there is none). Inputs naming a device or kernel file (/dev, /proc, /sys) are skipped: a sweep
// `base: /dev/zero` would read forever, which says nothing about the parser.
//
// Checks: parsing returns or throws a tilt::Error (a ConfigError naming file:line:column); any
// other exception (a yaml-cpp or standard-library one escaping, which tilt would report as an
// internal error), a crash or a sanitizer report is a finding. A config that parses is written
// back with every default filled in (resolved_yaml / to_yaml, as the run and study folders get
// it); that text must be valid UTF-8 (it goes into JSON outputs too) and must parse again.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/study/study_config.hpp"
#include "tilt/sweep/sweep_config.hpp"

namespace {

using namespace tilt;

void check_utf8(const std::string& text, const char* what) {
  try {
    (void)nlohmann::json(text).dump();
  } catch (const nlohmann::json::exception& e) {
    fuzz::invariant_failed(std::string(what) + " is not valid UTF-8: " + e.what());
  }
}

void run_config(const std::string& text, const std::string& file) {
  RunConfig config;
  try {
    config = parse_run_config(text, file);
  } catch (const Error&) {
    return;
  }
  const std::string resolved = resolved_yaml(config, {});
  check_utf8(resolved, "resolved_yaml");
  try {
    (void)parse_run_config(resolved, file);
  } catch (const Error& e) {
    fuzz::invariant_failed(std::string("resolved_yaml does not parse again: ") + e.what() +
                           "\n--- resolved:\n" + resolved);
  }
}

void sweep_config(const std::string& text, const std::string& file) {
  try {
    const SweepConfig config = parse_sweep_config(text, file);
    check_utf8(config.base_yaml, "the sweep's base run config");
    check_utf8(config.space_yaml, "the sweep's space");
  } catch (const Error&) {
  }
}

void study_config(const std::string& text, const std::string& file) {
  study::StudyConfig config;
  try {
    config = study::parse_study_config(text, file);
  } catch (const Error&) {
    return;
  }
  const std::string resolved = study::to_yaml(config);
  check_utf8(resolved, "the study's to_yaml");
  try {
    (void)study::parse_study_config(resolved, file);
  } catch (const Error& e) {
    fuzz::invariant_failed(std::string("to_yaml does not parse again: ") + e.what() +
                           "\n--- resolved:\n" + resolved);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string text(fuzz::as_text(data + 1, size - 1));
  for (const char* device : {"/dev", "/proc", "/sys"}) {
    if (text.find(device) != std::string::npos) return 0;
  }
  static const std::string file = fuzz::scratch_dir() + "/fuzz.yaml";
  switch (data[0] % 3) {
    case 0:
      run_config(text, file);
      break;
    case 1:
      sweep_config(text, file);
      break;
    default:
      study_config(text, file);
  }
  return 0;
}
