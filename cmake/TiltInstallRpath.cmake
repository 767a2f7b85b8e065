# Installed binaries find libtilt relative to themselves, so an installed tree works from any
# prefix (and after being moved) without LD_LIBRARY_PATH: the tilt executable carries the RUNPATH
# $ORIGIN/../lib (bin -> lib, whatever GNUInstallDirs chose for this prefix), libraries $ORIGIN.
# The build tree keeps CMake's absolute build RPATH. Include after GNUInstallDirs.
file(RELATIVE_PATH _tilt_bin_to_lib "/prefix/${CMAKE_INSTALL_BINDIR}" "/prefix/${CMAKE_INSTALL_LIBDIR}")
set(CMAKE_INSTALL_RPATH "$ORIGIN/${_tilt_bin_to_lib};$ORIGIN")
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH OFF)
unset(_tilt_bin_to_lib)
