# tilt_set_warnings(target): strict warnings for tilt's own code; errors when TILT_WARNINGS_AS_ERRORS
# (except in a tree built with a profile, see below).
function(tilt_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  # GCC 12 reports false -Wrestrict on std::string concatenation at -O3 (GCC bug 105329); clang
  # (the fuzz tree, tests/fuzz) has no such option.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  # Not in a tree optimised with a profile (cmake/TiltPgo.cmake): after an edit the profile is
  # stale until the next training, and GCC 12 then may warn "Missing counts for called function"
  # under no option that could be turned off, which -Werror made a build failure. Such a tree
  # still prints every warning; the sanitizer tree that scripts/test builds has no profile and
  # keeps them errors.
  if(TILT_WARNINGS_AS_ERRORS AND NOT TILT_PGO STREQUAL "use")
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
