#include "sweep/sweep_outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "tilt/results/atomic_file.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

std::vector<std::string> stat_columns(const std::vector<SweepRow>& rows) {
  std::vector<std::string> names;
  for (const SweepRow& r : rows)
    for (const auto& [n, v] : r.stats)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  return names;
}

double stat_of(const SweepRow& r, const std::string& name) {
  for (const auto& [n, v] : r.stats)
    if (n == name) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : std::string();
}

}  // namespace

void write_sweep_tables(const std::string& dir, const SweepConfig& sweep,
                        const std::vector<SweepRow>& rows) {
  const auto stats = stat_columns(rows);
  std::string csv = "id,status";
  for (const SweepParameter& p : sweep.parameters) csv += "," + csv_text(p.key);
  for (const std::string& s : stats) csv += "," + s;
  csv += ",error\n";
  for (const SweepRow& r : rows) {
    csv += r.id + "," + r.status;
    for (const std::string& v : r.values) csv += "," + csv_text(v);
    for (const std::string& s : stats) csv += "," + csv_number(stat_of(r, s));
    csv += "," + csv_text(r.error) + "\n";
  }
  write_file_atomically((fs::path(dir) / "results.csv").string(), csv);

  Table t;
  t.name = "runs";
  t.description = "one row per sweep run, sorted by id; swept parameters then statistics";
  auto& id = t.text_column("id");
  auto& status = t.text_column("status");
  for (const SweepRow& r : rows) {
    id.push_back(r.id);
    status.push_back(r.status);
  }
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
    bool numeric = true;
    double v = 0;
    for (const SweepRow& r : rows) numeric = numeric && parse_number(r.values[i], v);
    if (numeric) {
      auto& col = t.real_column(sweep.parameters[i].key, "swept parameter");
      for (const SweepRow& r : rows) {
        parse_number(r.values[i], v);
        col.push_back(v);
      }
    } else {
      auto& col = t.text_column(sweep.parameters[i].key, "swept parameter");
      for (const SweepRow& r : rows) col.push_back(r.values[i]);
    }
  }
  for (const std::string& s : stats) {
    auto& col = t.real_column(s, "as in summary.json");
    for (const SweepRow& r : rows) col.push_back(stat_of(r, s));
  }
  auto& error = t.text_column("error");
  for (const SweepRow& r : rows) error.push_back(r.error);
  ResultsFile h5((fs::path(dir) / "results.h5").string());
  h5.write(t);
  h5.set_attribute("objective", sweep.objective.metric);
  h5.set_attribute("direction", std::string(sweep.objective.maximize ? "maximize" : "minimize"));
  h5.close();
}

void write_sweep_html(const std::string& dir, const SweepConfig& sweep,
                      const SweepOutcome& outcome) {
  nlohmann::json data;
  data["objective"] = sweep.objective.metric;
  data["maximize"] = sweep.objective.maximize;
  data["parameters"] = outcome.parameters;
  nlohmann::json runs = nlohmann::json::array();
  for (const SweepRow& r : outcome.rows) {
    const double v = objective_value(sweep.objective, r);
    runs.push_back({{"id", r.id},
                    {"values", r.values},
                    {"objective", std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr)}});
  }
  data["runs"] = runs;
  nlohmann::json best = nlohmann::json::array();
  for (std::size_t i = 0; i < outcome.best.size() && i < 20; ++i) best.push_back(outcome.best[i]);
  data["best"] = best;
  std::string json = data.dump();
  // Inside <script>, "</" would end the element early.
  for (std::size_t at = 0; (at = json.find("</", at)) != std::string::npos; at += 3)
    json.replace(at, 2, "<\\/");

  std::string page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tilt sweep</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1300px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{border:1px solid #ddd;padding:8px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4}
</style></head><body>
<h1>tilt sweep: <span id="title"></span></h1>
<p id="about"></p>
<h2>Best runs</h2><table id="best"></table>
<h2>Objective against each parameter</h2><div class="charts" id="scatter"></div>
<h2>Heatmap: mean objective over two parameters</h2>
<p>x <select id="hx"></select> y <select id="hy"></select></p>
<canvas id="heatmap" width="760" height="520"></canvas>
<pre id="render-status"></pre>
<script id="sweep-data" type="application/json">@DATA@</script>
<script>
"use strict";
const status = {charts: {}, errors: []};
window.addEventListener("error", e => { status.errors.push(String(e.message)); report(); });
function report() { document.getElementById("render-status").textContent = JSON.stringify(status); }
const D = JSON.parse(document.getElementById("sweep-data").textContent);
const runs = D.runs.filter(r => r.objective !== null);
function num(v) { const x = Number(v); return Number.isFinite(x) ? x : null; }
function levels(i) {
  const seen = [...new Set(D.runs.map(r => r.values[i]))];
  const numeric = seen.every(v => num(v) !== null);
  return numeric ? seen.sort((a, b) => num(a) - num(b)) : seen.sort();
}
function color(t) {  // t in [0, 1]: blue (low) to red (high)
  const r = Math.round(40 + 200 * t), b = Math.round(240 - 200 * t);
  return `rgb(${r},90,${b})`;
}
const ext = runs.length ? [Math.min(...runs.map(r => r.objective)), Math.max(...runs.map(r => r.objective))] : [0, 1];
function unitOf(v) { return ext[1] > ext[0] ? (v - ext[0]) / (ext[1] - ext[0]) : 0.5; }
function fmt(v) { return v === null ? "" : Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(3) : v.toFixed(3); }

function scatter(i) {
  const W = 400, H = 280, L = 60, B = 40;
  const c = document.createElement("canvas"); c.width = W; c.height = H; c.id = "chart-param-" + i;
  const box = document.createElement("div"); box.className = "chart";
  box.appendChild(document.createTextNode(D.parameters[i])); box.appendChild(document.createElement("br"));
  box.appendChild(c); document.getElementById("scatter").appendChild(box);
  const g = c.getContext("2d"); const lv = levels(i);
  const numeric = lv.every(v => num(v) !== null);
  const xs = numeric ? lv.map(num) : lv.map((_, k) => k);
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const px = v => L + (x1 > x0 ? (v - x0) / (x1 - x0) : 0.5) * (W - L - 20);
  const py = v => H - B - unitOf(v) * (H - B - 20);
  g.strokeStyle = "#999"; g.beginPath(); g.moveTo(L, 10); g.lineTo(L, H - B); g.lineTo(W - 10, H - B); g.stroke();
  g.fillStyle = "#333"; g.font = "11px sans-serif";
  g.fillText(fmt(ext[1]), 2, 20); g.fillText(fmt(ext[0]), 2, H - B);
  lv.forEach((v, k) => { if (lv.length <= 12 || k % Math.ceil(lv.length / 12) === 0) g.fillText(String(v), px(xs[k]) - 8, H - B + 16); });
  g.fillText(D.objective, L + 4, 12);
  const mean = lv.map(() => [0, 0]);
  for (const r of runs) {
    const k = lv.indexOf(r.values[i]);
    g.fillStyle = "rgba(40,90,200,0.45)"; g.beginPath(); g.arc(px(xs[k]), py(r.objective), 3, 0, 7); g.fill();
    mean[k][0] += r.objective; mean[k][1] += 1;
  }
  g.strokeStyle = "#c33"; g.lineWidth = 2; g.beginPath(); let first = true;
  lv.forEach((_, k) => { if (!mean[k][1]) return; const y = py(mean[k][0] / mean[k][1]);
    if (first) { g.moveTo(px(xs[k]), y); first = false; } else g.lineTo(px(xs[k]), y); });
  g.stroke();
  status.charts[c.id] = {width: c.width, height: c.height, points: runs.length};
}

function heatmap() {
  const c = document.getElementById("heatmap"), g = c.getContext("2d");
  const xi = Number(document.getElementById("hx").value), yi = Number(document.getElementById("hy").value);
  g.clearRect(0, 0, c.width, c.height);
  const lx = levels(xi), ly = levels(yi), L = 90, B = 50;
  const cw = (c.width - L - 10) / lx.length, ch = (c.height - B - 10) / ly.length;
  const cells = lx.map(() => ly.map(() => [0, 0]));
  for (const r of runs) { const a = cells[lx.indexOf(r.values[xi])][ly.indexOf(r.values[yi])]; a[0] += r.objective; a[1] += 1; }
  g.font = "11px sans-serif";
  lx.forEach((vx, a) => ly.forEach((vy, b) => {
    const cell = cells[a][b]; const x = L + a * cw, y = c.height - B - (b + 1) * ch;
    g.fillStyle = cell[1] ? color(unitOf(cell[0] / cell[1])) : "#eee"; g.fillRect(x, y, cw - 1, ch - 1);
    if (cell[1] && cw > 40 && ch > 14) { g.fillStyle = "#fff"; g.fillText(fmt(cell[0] / cell[1]), x + 3, y + ch / 2 + 4); }
  }));
  g.fillStyle = "#333";
  lx.forEach((v, a) => g.fillText(String(v), L + a * cw + 2, c.height - B + 14));
  ly.forEach((v, b) => g.fillText(String(v), 4, c.height - B - b * ch - ch / 2));
  g.fillText(D.parameters[xi] + " →", L, c.height - 12);
  g.fillText(D.parameters[yi] + " ↑", 4, 12);
  status.charts["heatmap"] = {width: c.width, height: c.height, x: D.parameters[xi], y: D.parameters[yi]};
}

try {
  document.getElementById("title").textContent = D.objective + (D.maximize ? " (maximize)" : " (minimize)");
  document.getElementById("about").textContent = `${D.runs.length} runs, ${runs.length} with an objective; ` +
    `colour from ${fmt(ext[0])} (blue) to ${fmt(ext[1])} (red).`;
  const t = document.getElementById("best");
  t.innerHTML = "<tr><th>#</th><th>id</th><th>" + D.objective + "</th>" + D.parameters.map(p => "<th></th>").join("") + "</tr>";
  D.parameters.forEach((p, i) => { t.rows[0].cells[3 + i].textContent = p; });
  D.best.forEach((k, n) => { const r = D.runs[k]; const row = t.insertRow();
    [String(n + 1), r.id, fmt(r.objective), ...r.values].forEach(v => { row.insertCell().textContent = v; }); });
  D.parameters.forEach((_, i) => scatter(i));
  for (const id of ["hx", "hy"]) {
    const s = document.getElementById(id);
    D.parameters.forEach((p, i) => { const o = document.createElement("option"); o.value = i; o.textContent = p; s.appendChild(o); });
    s.addEventListener("change", heatmap);
  }
  if (D.parameters.length > 1) document.getElementById("hy").value = 1;
  if (D.parameters.length > 0) heatmap();
} catch (e) { status.errors.push(String(e)); }
report();
</script></body></html>
)HTML";
  page.replace(page.find("@DATA@"), 6, json);
  write_file_atomically((fs::path(dir) / "sweep.html").string(), page);
}

}  // namespace tilt
