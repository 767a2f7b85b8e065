// A plugin that needs a symbol no loaded library provides (a missing dependency): loading fails.
extern "C" int a_function_nobody_defines();
extern "C" __attribute__((visibility("default"))) int tilt_plugin_abi_tag() {
  return a_function_nobody_defines();
}
