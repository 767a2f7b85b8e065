# MPI for `mpirun -n N tilt sweep` (core/mpi/sweep_mpi_ranks.cpp, a module libtilt loads only under
# an MPI launcher): on by default when an MPI C library (Open MPI) is found; off builds a tilt whose
# sweeps run on threads only.
find_package(MPI COMPONENTS C QUIET)
option(TILT_MPI "Build tilt sweep with MPI support (mpirun)" ${MPI_C_FOUND})
if(TILT_MPI AND NOT MPI_C_FOUND)
  message(FATAL_ERROR "TILT_MPI is ON but no MPI C library was found (install libopenmpi-dev)")
endif()
find_program(TILT_MPIEXEC NAMES mpirun mpiexec)
