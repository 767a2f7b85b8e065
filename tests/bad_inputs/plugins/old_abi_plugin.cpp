// A plugin from before ABI tags: it exports only an ABI version number.
extern "C" __attribute__((visibility("default"))) int tilt_plugin_abi_version() {
  return 3;
}
