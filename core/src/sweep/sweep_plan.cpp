#include "tilt/sweep/sweep_plan.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "tilt/error.hpp"
#include "tilt/run/group_run.hpp"

namespace tilt {

SweepPlan make_sweep_plan(const SweepConfig& sweep, const StrategyRunners& runners) {
  SweepPlan plan;
  std::set<std::string> seen;
  for (const SweepPoint& p : sweep.points) {
    ResolvedPoint r = resolve_point(sweep, p, runners);
    if (seen.insert(r.id).second) plan.points.push_back(std::move(r));
  }
  std::string text = "# tilt sweep, resolved: a sweep resumed on this folder must match it\n";
  text += "objective: {metric: " + sweep.objective.metric +
          ", direction: " + (sweep.objective.maximize ? "maximize" : "minimize") + "}\n";
  text += "keep_top: " + std::to_string(sweep.keep_top) + "\n";
  text += "parameters: [";
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
    text += (i ? ", " : "") + sweep.parameters[i].key;
  text += "]\npoints:\n";
  for (const ResolvedPoint& r : plan.points) {
    text += "  - {id: '" + r.id + "', values: [";
    for (std::size_t i = 0; i < r.values.size(); ++i) text += (i ? ", " : "") + r.values[i];
    text += "]}\n";
  }
  text += "base: |\n";
  std::size_t start = 0;
  const std::string& base =
      plan.points.empty() ? sweep.base_yaml : plan.points.front().resolved_yaml;
  while (start < base.size()) {
    const auto end = base.find('\n', start);
    text += "  " + base.substr(start, end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  plan.resolved_yaml = text;
  return plan;
}

std::vector<WorkUnit> split_work(const SweepPlan& plan, const std::set<std::string>& finished,
                                 std::size_t workers, std::size_t max_group) {
  std::map<std::string, std::vector<std::size_t>> groups;
  std::size_t pending = 0;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    if (finished.contains(plan.points[i].id)) continue;
    groups[plan.points[i].group_key].push_back(i);
    ++pending;
  }
  const std::size_t per_worker =
      (pending + std::max<std::size_t>(workers, 1) - 1) / std::max<std::size_t>(workers, 1);
  const std::size_t size = std::max<std::size_t>(1, std::min(max_group, per_worker));
  std::vector<WorkUnit> units;
  for (const auto& [key, points] : groups) {
    for (std::size_t i = 0; i < points.size(); i += size) {
      WorkUnit u;
      u.points.assign(
          points.begin() + static_cast<std::ptrdiff_t>(i),
          points.begin() + static_cast<std::ptrdiff_t>(std::min(points.size(), i + size)));
      units.push_back(std::move(u));
    }
  }
  return units;
}

namespace {

std::vector<SweepRow> unit_rows(const SweepPlan& plan, const WorkUnit& unit,
                                const std::vector<InstanceResult>& results) {
  std::vector<SweepRow> rows;
  for (std::size_t k = 0; k < unit.points.size(); ++k) {
    const ResolvedPoint& p = plan.points[unit.points[k]];
    SweepRow row;
    row.id = p.id;
    row.values = p.values;
    row.status = results[k].ok ? "ok" : "failed";
    row.error = results[k].error;
    row.stats = results[k].stats;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<SweepRow> run_work_unit(const SweepPlan& plan, const WorkUnit& unit,
                                    const StrategyRunners& runners, std::int64_t* instance_events,
                                    const UnitFolders* folders) {
  std::vector<GroupMember> members;
  for (std::size_t i : unit.points) {
    GroupMember m{plan.points[i].config, ""};
    if (folders != nullptr) {
      m.output_dir = (std::filesystem::path(folders->dir) / plan.points[i].id).string();
      m.config.output_dir = m.output_dir;
    }
    members.push_back(std::move(m));
  }
  GroupOutputFilter filter;
  if (folders != nullptr) {
    filter = [&](const std::vector<InstanceResult>& results) {
      return folders->keep(unit_rows(plan, unit, results));
    };
  }
  const StrategyRunner runner = strategy_for(members.front().config, runners);
  const GroupRunResult result = runner.run_group(members, filter);
  if (instance_events != nullptr)
    *instance_events += result.events * static_cast<std::int64_t>(members.size());
  return unit_rows(plan, unit, result.instances);
}

std::string row_to_json(const SweepRow& row) {
  nlohmann::json j;
  j["id"] = row.id;
  j["status"] = row.status;
  if (!row.error.empty()) j["error"] = row.error;
  j["values"] = row.values;
  nlohmann::json stats = nlohmann::json::array();
  for (const auto& [name, value] : row.stats)
    stats.push_back({name, std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr)});
  j["stats"] = stats;
  return j.dump();
}

SweepRow row_from_json(const std::string& line) {
  try {
    const nlohmann::json j = nlohmann::json::parse(line);
    SweepRow row;
    row.id = j.at("id").get<std::string>();
    row.status = j.at("status").get<std::string>();
    row.error = j.value("error", "");
    row.values = j.at("values").get<std::vector<std::string>>();
    for (const auto& s : j.at("stats")) {
      const auto& v = s.at(1);
      row.stats.emplace_back(
          s.at(0).get<std::string>(),
          v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    }
    return row;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not a sweep row (") + e.what() + ")");
  }
}

}  // namespace tilt
