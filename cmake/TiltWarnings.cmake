# tilt_set_warnings(target): strict warnings for tilt's own code; errors when TILT_WARNINGS_AS_ERRORS.
function(tilt_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast
                         # GCC 12 reports false -Wrestrict on std::string concatenation at -O3 (GCC bug 105329).
                         -Wno-restrict)
  if(TILT_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
