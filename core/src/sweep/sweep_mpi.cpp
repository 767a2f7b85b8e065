#include "tilt/sweep/sweep_mpi.hpp"

#include <cstdlib>

#include "tilt/error.hpp"

#if TILT_HAVE_MPI
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#endif

namespace tilt {

bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && std::atoi(v) > 1) return true;
  }
  return false;
}

#if TILT_HAVE_MPI

// Open MPI lives in a module next to this library (core/mpi/sweep_mpi_ranks.cpp), loaded here on
// first use and kept loaded: no other command pays for loading MPI. RTLD_GLOBAL because Open MPI
// loads its own components, which look up libmpi's symbols globally.
SweepOutcome run_sweep_mpi(const SweepConfig& sweep, const SweepOptions& options,
                           const StrategyRunners& runners) {
  using Entry =
      void(const SweepConfig*, const SweepOptions*, const StrategyRunners*, SweepOutcome*);
  static boost::dll::shared_library* module = nullptr;  // never unloaded (MPI_Finalize is final)
  const boost::dll::fs::path path =
      boost::dll::this_line_location().parent_path() / TILT_SWEEP_MPI_MODULE;
  if (module == nullptr) {
    try {
      module = new boost::dll::shared_library(
          path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_global);
    } catch (const std::exception& e) {
      throw Error(path.string() + ": cannot load the MPI sweep module (" + e.what() +
                  "); it is installed next to libtilt");
    }
  }
  SweepOutcome outcome;
  module->get<Entry>("tilt_sweep_mpi_run")(&sweep, &options, &runners, &outcome);
  return outcome;
}

#else

SweepOutcome run_sweep_mpi(const SweepConfig&, const SweepOptions&, const StrategyRunners&) {
  // Every rank would run the whole sweep into the same folder.
  throw Error(
      "tilt was built without MPI (TILT_MPI=OFF) but started by mpirun with several ranks: "
      "rebuild with an MPI library (libopenmpi-dev), or run tilt sweep without mpirun");
}

#endif

}  // namespace tilt
