# TILT_SANITIZE=address,undefined instruments every target of this build tree.
if(TILT_SANITIZE)
  message(STATUS "tilt: building with -fsanitize=${TILT_SANITIZE}")
  add_compile_options(-fsanitize=${TILT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TILT_SANITIZE})
  # GCC's -Wmaybe-uninitialized gives false positives inside libstdc++ (std::regex, std::function)
  # once sanitizer instrumentation changes inlining; the Release tree still checks our code for it.
  add_compile_options(-Wno-maybe-uninitialized)
endif()
