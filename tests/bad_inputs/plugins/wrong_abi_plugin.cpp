// Exports every plugin symbol, but "built against" another tilt and strategy ABI: tilt must refuse
// it before calling anything else in it.
#include <tilt/strategy.hpp>

extern "C" __attribute__((visibility("default"))) std::uint64_t tilt_plugin_abi_tag() {
  return 0x1234;
}
extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_tilt_version() {
  return "0.0.9";
}
extern "C" __attribute__((visibility("default"))) tilt::StrategyFactory tilt_plugin_find_strategy(
    const char*) {
  return nullptr;
}
extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_strategy_names() {
  return "none";
}
