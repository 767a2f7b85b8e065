// tilt sweep across MPI ranks (`mpirun -n N tilt sweep CONFIG`, Open MPI). Rank 0 prepares the
// folder and the data, hands out work units one at a time to whichever rank asks (dynamic load
// balancing), journals the rows each rank sends back, and writes the outputs; ranks 1..N-1 only
// run units. Every rank reads the same config and computes the same plan, so a unit travels as
// point indices and comes back as journal rows. Ranks on other machines need the config, the data
// and the strategy at the same paths (a shared file system). The table equals a threaded sweep's.
#pragma once

#include "tilt/sweep/sweep_runner.hpp"

namespace tilt {

/// True when started by mpirun (or another MPI launcher) with more than one rank.
bool mpi_launched();

/// run_sweep over MPI ranks (options.workers is ignored: ranks 1..N-1 are the workers). On rank
/// 0 the outcome is complete; on other ranks outcome.root is false and it holds only what they ran.
/// In a tilt built without MPI (TILT_MPI=OFF) it throws: the ranks would race on one folder.
SweepOutcome run_sweep_mpi(const SweepConfig& sweep, const SweepOptions& options,
                           const StrategyRunners& runners);

}  // namespace tilt
