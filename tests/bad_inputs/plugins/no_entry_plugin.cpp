// A shared library that is not a tilt plugin: none of the plugin entry symbols.
extern "C" __attribute__((visibility("default"))) int some_other_library_function() {
  return 1;
}
