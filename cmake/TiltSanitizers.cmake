# TILT_SANITIZE instruments every target of this build tree:
#   address,undefined  AddressSanitizer + UndefinedBehaviorSanitizer (scripts/test's build-asan/)
#   thread             ThreadSanitizer (scripts/test's build-tsan/, the threaded tests only)
# ThreadSanitizer cannot be combined with AddressSanitizer (or LeakSanitizer) in one binary.
if(TILT_SANITIZE)
  if(TILT_SANITIZE MATCHES "thread" AND TILT_SANITIZE MATCHES "address|leak")
    message(FATAL_ERROR "TILT_SANITIZE: 'thread' cannot be combined with 'address' or 'leak' "
                        "(use two build trees)")
  endif()
  message(STATUS "tilt: building with -fsanitize=${TILT_SANITIZE}")
  add_compile_options(-fsanitize=${TILT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TILT_SANITIZE})
  # GCC's -Wmaybe-uninitialized gives false positives inside libstdc++ (std::regex, std::function)
  # once sanitizer instrumentation changes inlining; the Release tree still checks our code for it.
  add_compile_options(-Wno-maybe-uninitialized)
endif()
