# Profile-guided optimisation (GCC). The simulator's per-event path is a long chain of branches on
# the data (which side, which kind, at the touch or not, our price or not); a profile tells the
# compiler which way they usually go, so it lays the code out and inlines for that path.
# Measured +17% in bench_e2e's end-to-end row and +7% for `tilt run configs/default.yaml`
# (bench/README.md, "Profile-guided build").
#
#   TILT_PGO=generate  instrument every target; running them writes counters into TILT_PGO_DIR
#   TILT_PGO=use       optimise with the counters in TILT_PGO_DIR (missing or stale ones are
#                      ignored: such code is optimised as without a profile)
#   TILT_PGO=""        off (the default)
#
# scripts/pgo-train builds a `generate` tree (build-pgo/), runs the training workload and leaves the
# counters in build-pgo/profile, which scripts/setup's Release tree then uses. Counter files are
# named by object path relative to the build tree (-fprofile-prefix-path), so two trees share them.
set(TILT_PGO "" CACHE STRING "Profile-guided optimisation: '' (off), 'generate' or 'use'")
set(TILT_PGO_DIR "" CACHE PATH "Folder of the profile counters (.gcda) for TILT_PGO")

if(TILT_PGO)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "TILT_PGO needs GCC (the flags below are GCC's)")
  endif()
  if(NOT TILT_PGO_DIR)
    message(FATAL_ERROR "TILT_PGO=${TILT_PGO} needs TILT_PGO_DIR (the folder of the counters)")
  endif()
  set(_tilt_pgo_prefix "-fprofile-prefix-path=${CMAKE_BINARY_DIR}")
  if(TILT_PGO STREQUAL "generate")
    message(STATUS "tilt: instrumented for a profile, counters in ${TILT_PGO_DIR}")
    # prefer-atomic: the store reader's prefetch thread runs instrumented code too.
    add_compile_options(-fprofile-generate=${TILT_PGO_DIR} ${_tilt_pgo_prefix}
                        -fprofile-update=prefer-atomic)
    add_link_options(-fprofile-generate=${TILT_PGO_DIR})
  elseif(TILT_PGO STREQUAL "use")
    message(STATUS "tilt: optimised with the profile in ${TILT_PGO_DIR}")
    # partial-training: code the training never ran is optimised normally, not for size.
    # No missing/mismatch warnings: after an edit the profile is stale until the next training,
    # and GCC then simply ignores it for the functions that changed.
    add_compile_options(-fprofile-use=${TILT_PGO_DIR} ${_tilt_pgo_prefix}
                        -fprofile-partial-training -Wno-missing-profile -Wno-coverage-mismatch)
    # Ninja does not know that objects depend on the counters. The training stamp holds an id
    # that goes into the flags, so a new training re-configures and recompiles everything.
    set(_tilt_pgo_stamp "${TILT_PGO_DIR}/.trained")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_tilt_pgo_stamp}")
    if(EXISTS "${_tilt_pgo_stamp}")
      file(STRINGS "${_tilt_pgo_stamp}" _tilt_pgo_id LIMIT_COUNT 1)
    endif()
    if(NOT _tilt_pgo_id MATCHES "^[0-9]+$")
      message(WARNING "tilt: no trained profile in ${TILT_PGO_DIR} (run scripts/pgo-train)")
      set(_tilt_pgo_id 0)
    endif()
    add_compile_definitions(TILT_PGO_TRAINING=${_tilt_pgo_id})
  else()
    message(FATAL_ERROR "TILT_PGO must be empty, 'generate' or 'use', got '${TILT_PGO}'")
  endif()
endif()
