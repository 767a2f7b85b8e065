# TILT_SANITIZE=address,undefined instruments every target of this build tree.
if(TILT_SANITIZE)
  message(STATUS "tilt: building with -fsanitize=${TILT_SANITIZE}")
  add_compile_options(-fsanitize=${TILT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TILT_SANITIZE})
endif()
