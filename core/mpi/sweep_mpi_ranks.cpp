// The MPI half of `mpirun -n N tilt sweep` (tilt/sweep/sweep_mpi.hpp), built as its own module
// (libtilt_sweep_mpi.so) that libtilt loads only when a sweep runs under an MPI launcher: Open MPI
// and what it brings (open-pal, open-rte, hwloc, libevent) are then never loaded by `tilt run` or
// any other command, which saves their loading and relocation in every process.
#include <chrono>
#include <filesystem>
#include <set>

#include "sweep/sweep_outputs.hpp"
#include "tilt/error.hpp"
#include "tilt/sweep/sweep_journal.hpp"
#include "tilt/sweep/sweep_mpi.hpp"

#define OMPI_SKIP_MPICXX 1  // the C API only: no C++ bindings to link
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

namespace tilt {
namespace {

constexpr int kTagRows = 1;  // worker -> 0: rows of the last unit (empty: first request)
constexpr int kTagUnit = 2;  // 0 -> worker: point indices of the next unit (empty: stop)

std::string receive_text(int source, int tag, MPI_Status& status) {
  MPI_Probe(source, tag, MPI_COMM_WORLD, &status);
  int size = 0;
  MPI_Get_count(&status, MPI_CHAR, &size);
  std::string text(static_cast<std::size_t>(size), '\0');
  MPI_Recv(text.data(), size, MPI_CHAR, status.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

void send_text(const std::string& text, int dest, int tag) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

struct MpiSession {
  MpiSession() {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) MPI_Init(nullptr, nullptr);
  }
  ~MpiSession() {
    int done = 0;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
  }
};

SweepOutcome run_ranks(const SweepConfig& sweep, const SweepOptions& options,
                       const StrategyRunners& runners) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  MpiSession session;
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size < 2) return run_sweep(sweep, options, runners);

  const SweepPlan plan = make_sweep_plan(sweep, runners);  // the same on every rank
  SweepOutcome outcome;
  outcome.root = rank == 0;
  outcome.workers = static_cast<std::size_t>(size - 1);

  if (rank != 0) {
    // Ask for work, run it, send the rows back with the next request.
    std::string rows_text;
    for (;;) {
      send_text(rows_text, 0, kTagRows);
      MPI_Status status;
      const std::string unit_text = receive_text(0, kTagUnit, status);
      if (unit_text.empty()) break;
      WorkUnit unit;
      for (std::size_t at = 0; at < unit_text.size();) {
        const auto end = unit_text.find(',', at);
        unit.points.push_back(std::stoul(unit_text.substr(at, end - at)));
        if (end == std::string::npos) break;
        at = end + 1;
      }
      rows_text.clear();
      for (const SweepRow& r : run_work_unit(plan, unit, runners, &outcome.instance_events)) {
        rows_text += row_to_json(r) + "\n";
        ++outcome.ran;
      }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return outcome;
  }

  // Rank 0: the folder, the data, then dynamic hand-out.
  std::set<std::string> finished;
  std::vector<WorkUnit> units;
  std::string setup_error;
  try {
    finished = sweep_detail::prepare_folder(sweep, plan, options.output_dir, outcome.rows);
    sweep_detail::prepare_replays(plan, options);
    units = split_work(plan, finished, outcome.workers, options.max_group);
  } catch (const Error& e) {
    setup_error = e.what();
  }
  outcome.resumed = static_cast<std::int64_t>(finished.size());
  SweepJournal* journal = nullptr;
  std::unique_ptr<SweepJournal> journal_owner;
  if (setup_error.empty()) {
    journal_owner = std::make_unique<SweepJournal>(
        (std::filesystem::path(options.output_dir) / "journal.jsonl").string());
    journal = journal_owner.get();
  }
  SweepProgress progress{outcome.resumed, static_cast<std::int64_t>(plan.points.size()),
                         outcome.resumed, 0.0};
  if (options.progress && setup_error.empty()) options.progress(progress);
  std::size_t next = 0;
  int stopped = 0;
  while (stopped < size - 1) {
    MPI_Status status;
    const std::string rows_text = receive_text(MPI_ANY_SOURCE, kTagRows, status);
    std::vector<SweepRow> rows;
    for (std::size_t at = 0; at < rows_text.size();) {
      const auto end = rows_text.find('\n', at);
      rows.push_back(row_from_json(rows_text.substr(at, end - at)));
      at = end + 1;
    }
    if (!rows.empty() && journal != nullptr) {
      journal->append(rows);
      outcome.ran += static_cast<std::int64_t>(rows.size());
      progress.done += static_cast<std::int64_t>(rows.size());
      progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
      for (SweepRow& r : rows) outcome.rows.push_back(std::move(r));
      if (options.progress) options.progress(progress);
    }
    std::string unit_text;
    if (setup_error.empty() && next < units.size()) {
      for (std::size_t i : units[next].points)
        unit_text += (unit_text.empty() ? "" : ",") + std::to_string(i);
      ++next;
    } else {
      ++stopped;
    }
    send_text(unit_text, status.MPI_SOURCE, kTagUnit);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (!setup_error.empty()) throw Error(setup_error);
  outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  sweep_detail::finish_sweep(sweep, plan, options.output_dir, runners, outcome);
  return outcome;
}

}  // namespace
}  // namespace tilt

/// The module's entry point, looked up by name by run_sweep_mpi (core/src/sweep/sweep_mpi.cpp):
/// the same build's types on both sides. Exceptions propagate to the caller as tilt::Error.
extern "C" __attribute__((visibility("default"))) void tilt_sweep_mpi_run(
    const tilt::SweepConfig* sweep, const tilt::SweepOptions* options,
    const tilt::StrategyRunners* runners, tilt::SweepOutcome* outcome) {
  *outcome = tilt::run_ranks(*sweep, *options, *runners);
}
