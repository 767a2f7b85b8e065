// A library that looks like a tilt plugin but was "built against" another strategy ABI: tilt must
// refuse it with a clear error before calling anything else in it.
#include <tilt/strategy.hpp>

extern "C" __attribute__((visibility("default"))) std::uint64_t tilt_plugin_abi_tag() {
  return 999;
}
extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_tilt_version() {
  return "0.0.1";
}
extern "C" __attribute__((visibility("default"))) tilt::StrategyFactory tilt_plugin_find_strategy(
    const char*) {
  return nullptr;
}
extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_strategy_names() {
  return "none";
}
