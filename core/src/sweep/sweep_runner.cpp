#include "tilt/sweep/sweep_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "sweep/sweep_outputs.hpp"
#include "tilt/error.hpp"
#include "tilt/report/report.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/run/group_run.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/sweep/sweep_journal.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;

double stat(const SweepRow& row, const std::string& name) {
  for (const auto& [n, v] : row.stats)
    if (n == name) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

// Where run folders recorded during the sweep wait until finish_sweep knows the best runs.
fs::path staging_dir(const std::string& dir) {
  return fs::path(dir) / ".top-staging";
}

// Runs `tasks` on up to `threads` threads; the first exception is rethrown once all stopped.
void run_tasks(std::vector<std::function<void()>>& tasks, std::size_t threads) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    for (std::size_t t; (t = next.fetch_add(1)) < tasks.size();) {
      try {
        tasks[t]();
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < std::min(threads, tasks.size()); ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// The best keep_top rows seen so far, in finish_sweep's order (objective, then id): a run outside
// them can never be among the final best, so its recorded folder need not be written.
class TopCandidates {
 public:
  TopCandidates(const SweepObjective& objective, std::size_t keep,
                const std::vector<SweepRow>& known)
      : objective_(objective), keep_(keep) {
    offer(known);
  }

  /// Adds `rows`; true for those among the best so far.
  std::vector<bool> offer(const std::vector<SweepRow>& rows) {
    std::lock_guard lock(mutex_);
    for (const SweepRow& r : rows) {
      const double v = objective_value(objective_, r);
      if (std::isfinite(v)) best_.emplace_back(v, r.id);
    }
    std::sort(best_.begin(), best_.end(), [this](const auto& a, const auto& b) {
      if (a.first != b.first) return objective_.maximize ? a.first > b.first : a.first < b.first;
      return a.second < b.second;
    });
    if (best_.size() > keep_) best_.resize(keep_);
    std::vector<bool> in(rows.size(), false);
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (const auto& [v, id] : best_) in[i] = in[i] || id == rows[i].id;
    return in;
  }

 private:
  const SweepObjective& objective_;
  std::size_t keep_;
  std::mutex mutex_;
  std::vector<std::pair<double, std::string>> best_;
};

}  // namespace

double objective_value(const SweepObjective& objective, const SweepRow& row) {
  if (row.status != "ok") return std::numeric_limits<double>::quiet_NaN();
  double v = stat(row, objective.numerator);
  if (!objective.denominator.empty()) {
    const double d = stat(row, objective.denominator);
    v = d != 0 ? v / d : std::numeric_limits<double>::quiet_NaN();
  }
  return v;
}

namespace sweep_detail {

std::set<std::string> prepare_folder(const SweepConfig& sweep, const SweepPlan& plan,
                                     const std::string& dir, std::vector<SweepRow>& rows) {
  fs::create_directories(dir);
  const std::string resolved = (fs::path(dir) / "sweep.resolved.yaml").string();
  if (fs::exists(resolved)) {
    std::ifstream in(resolved);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str() != plan.resolved_yaml)
      throw Error(dir + " holds a sweep of another config (its sweep.resolved.yaml differs from " +
                  sweep.file + "'s points or settings): resume only with the same config, or " +
                  "choose another -o folder");
  } else {
    write_file_atomically(resolved, plan.resolved_yaml);
  }
  std::set<std::string> ids;
  for (const ResolvedPoint& p : plan.points) ids.insert(p.id);
  fs::remove_all(staging_dir(dir));  // a killed sweep's recorded folders, possibly partial
  SweepJournal journal((fs::path(dir) / "journal.jsonl").string());
  std::set<std::string> finished;
  for (const SweepRow& row : journal.existing()) {
    if (!ids.contains(row.id))
      throw Error((fs::path(dir) / "journal.jsonl").string() + " holds run " + row.id +
                  ", which is not a point of " + sweep.file + ": choose another -o folder");
    finished.insert(row.id);
    rows.push_back(row);
  }
  return finished;
}

void prepare_replays(const SweepPlan& plan, const SweepOptions& options) {
  if (!options.prepare_data) return;
  std::set<std::string> done;
  for (const ResolvedPoint& p : plan.points) {
    if (done.insert(p.group_key).second) options.prepare_data(p.config);
  }
}

void finish_sweep(const SweepConfig& sweep, const SweepPlan& plan, const std::string& dir,
                  const StrategyRunners& runners, SweepOutcome& outcome) {
  std::sort(outcome.rows.begin(), outcome.rows.end(),
            [](const SweepRow& a, const SweepRow& b) { return a.id < b.id; });
  for (const SweepParameter& p : sweep.parameters) outcome.parameters.push_back(p.key);
  for (std::size_t i = 0; i < outcome.rows.size(); ++i)
    if (std::isfinite(objective_value(sweep.objective, outcome.rows[i]))) outcome.best.push_back(i);
  std::stable_sort(outcome.best.begin(), outcome.best.end(), [&](std::size_t a, std::size_t b) {
    const double va = objective_value(sweep.objective, outcome.rows[a]);
    const double vb = objective_value(sweep.objective, outcome.rows[b]);
    return sweep.objective.maximize ? va > vb : va < vb;
  });
  write_sweep_tables(dir, sweep, outcome.rows);

  // The best runs in full, built in top.tmp.<pid>/ and swapped in whole, so that top/ never holds
  // a partial set: moved from the staging folder when this invocation recorded them, else run
  // again (deterministic, so they equal the rows they were chosen by), each group's members split
  // across the threads; then their reports, in parallel.
  const fs::path top_root = fs::path(dir) / "top";
  const fs::path staged = staging_dir(dir);
  const fs::path building = temporary_path_for(top_root.string());
  const std::string retired_base = (fs::path(dir) / "top.old").string();
  remove_stale_temporaries(top_root.string());
  remove_stale_temporaries(retired_base);
  fs::remove_all(building);
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < plan.points.size(); ++i) by_id[plan.points[i].id] = i;
  std::map<std::string, std::vector<GroupMember>> rerun;
  std::vector<std::function<void()>> tasks;
  const std::size_t keep =
      std::min<std::size_t>(static_cast<std::size_t>(sweep.keep_top), outcome.best.size());
  for (std::size_t rank = 0; rank < keep; ++rank) {
    const ResolvedPoint& p = plan.points[by_id.at(outcome.rows[outcome.best[rank]].id)];
    const std::string name = fmt::format("{:02}_{}", rank + 1, p.id);
    GroupMember m{p.config, (building / name).string()};
    m.config.output_dir = (top_root / name).string();  // where it will be: in config.resolved.yaml
    const auto params = strategy_for(p.config, runners).resolve_params(p.config);
    outcome.top_dirs.push_back(m.config.output_dir);
    if (fs::exists(staged / p.id / "summary.json")) {
      fs::create_directories(building);
      fs::rename(staged / p.id, m.output_dir);
      tasks.emplace_back([m, params] {
        write_resolved_config(m.config, params, m.output_dir);
        write_report(m.output_dir, m.config.output_dir);
      });
    } else {
      write_resolved_config(m.config, params, m.output_dir);
      rerun[p.group_key].push_back(std::move(m));
      ++outcome.top_rerun;
    }
  }
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(outcome.workers, std::max(1u, std::thread::hardware_concurrency())));
  for (const auto& [key, members] : rerun) {
    const std::size_t size = (members.size() + threads - 1) / threads;
    for (std::size_t i = 0; i < members.size(); i += size) {
      std::vector<GroupMember> part(
          members.begin() + static_cast<std::ptrdiff_t>(i),
          members.begin() + static_cast<std::ptrdiff_t>(std::min(members.size(), i + size)));
      tasks.emplace_back([part = std::move(part), &runners] {
        strategy_for(part.front().config, runners).run_group(part, {});
        for (const GroupMember& m : part) write_report(m.output_dir, m.config.output_dir);
      });
    }
  }
  tasks.emplace_back([&] { write_sweep_html(dir, sweep, outcome); });
  run_tasks(tasks, threads);
  // Swap: the old top/ is renamed away (never deleted in place, which would leave a partial set
  // under the final name), the new one renamed in, then the old one removed.
  const std::string retired = temporary_path_for(retired_base);
  if (fs::exists(top_root)) fs::rename(top_root, retired);
  if (fs::exists(building)) {
    sync_directory(building.string());
    fs::rename(building, top_root);
  }
  sync_directory(dir);
  fs::remove_all(retired);
  fs::remove_all(staged);
}

}  // namespace sweep_detail

SweepOutcome run_sweep(const SweepConfig& sweep, const SweepOptions& options,
                       const StrategyRunners& runners) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const SweepPlan plan = make_sweep_plan(sweep, runners);
  SweepOutcome outcome;
  const std::set<std::string> finished =
      sweep_detail::prepare_folder(sweep, plan, options.output_dir, outcome.rows);
  outcome.resumed = static_cast<std::int64_t>(finished.size());
  sweep_detail::prepare_replays(plan, options);

  const std::size_t workers = options.workers > 0
                                  ? options.workers
                                  : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  outcome.workers = workers;
  const std::vector<WorkUnit> units = split_work(plan, finished, workers, options.max_group);
  SweepJournal journal((fs::path(options.output_dir) / "journal.jsonl").string());

  // A small sweep records its runs as it goes and keeps the folders of those that can still be
  // among the best, so that finish_sweep need not replay the data again for them.
  const std::size_t pending = plan.points.size() - finished.size();
  std::optional<TopCandidates> candidates;
  UnitFolders folders;
  if (sweep.keep_top > 0 && pending <= options.record_up_to) {
    candidates.emplace(sweep.objective, static_cast<std::size_t>(sweep.keep_top), outcome.rows);
    folders.dir = staging_dir(options.output_dir).string();
    folders.keep = [&candidates](const std::vector<SweepRow>& rows) {
      return candidates->offer(rows);
    };
  }

  std::atomic<std::size_t> next{0};
  std::mutex mutex;  // guards outcome.rows, the counters and progress
  std::exception_ptr failure;
  SweepProgress progress{outcome.resumed, static_cast<std::int64_t>(plan.points.size()),
                         outcome.resumed, 0.0};
  if (options.progress) options.progress(progress);
  const auto work = [&] {
    for (;;) {
      const std::size_t u = next.fetch_add(1);
      if (u >= units.size()) return;
      try {
        std::int64_t events = 0;
        std::vector<SweepRow> rows =
            run_work_unit(plan, units[u], runners, &events, candidates ? &folders : nullptr);
        journal.append(rows);
        std::lock_guard lock(mutex);
        outcome.instance_events += events;
        outcome.ran += static_cast<std::int64_t>(rows.size());
        progress.done += static_cast<std::int64_t>(rows.size());
        progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        for (SweepRow& r : rows) outcome.rows.push_back(std::move(r));
        if (options.progress) options.progress(progress);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        next = units.size();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < std::min(workers, units.size()); ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  sweep_detail::finish_sweep(sweep, plan, options.output_dir, runners, outcome);
  return outcome;
}

}  // namespace tilt
