// render_report / write_report: the embedded template with the chart library and the run's data
// put in its {{placeholders}}.
#include "tilt/report/report.hpp"

#include <filesystem>
#include <map>
#include <string_view>

#include "tilt/error.hpp"
#include "tilt/report/report_assets.hpp"
#include "tilt/results/atomic_file.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON inside <script type="application/json">: a '<' can only sit inside a JSON string, where
// \u003c means the same, and without it no "</script>" or "<!--" in the data can end the element.
std::string json_for_script(std::string json) {
  if (json.find('<') == std::string::npos) return json;  // the usual case: no copy
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// Replaces each {{name}} of the template in one left-to-right pass (inserted text is never
// scanned again, so data cannot inject a placeholder). An unknown name is a bug in the template.
std::string fill_template(std::string_view page,
                          const std::map<std::string, std::string_view, std::less<>>& values) {
  std::string out;
  out.reserve(page.size());
  for (const auto& [name, value] : values) out.reserve(out.capacity() + value.size());
  std::size_t at = 0;
  while (true) {
    const std::size_t open = page.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = page.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = page.substr(open + 2, close - open - 2);
    const auto it = values.find(name);
    if (it == values.end()) {
      throw Error("report template: unknown placeholder {{" + std::string(name) + "}}");
    }
    out.append(page.substr(at, open - at));
    out += it->second;
    at = close + 2;
  }
  out.append(page.substr(at));
  return out;
}

}  // namespace

std::string render_report(const std::string& run_dir, const std::string& shown_dir) {
  const std::string data = json_for_script(report_data_json(run_dir, shown_dir));
  const std::string& shown = shown_dir.empty() ? run_dir : shown_dir;
  const std::string name = fs::path(shown).lexically_normal().filename().string();
  const std::string title = escape_html("tilt report: " + (name.empty() ? shown : name));
  // Views: the embedded assets and the data are copied once, into the page.
  const std::map<std::string, std::string_view, std::less<>> values = {
      {"title", title},
      {"uplot_css", report_assets::uplot_css()},
      {"uplot_js", report_assets::uplot_js()},
      {"uplot_license", report_assets::uplot_license()},
      {"report_data", data},
  };
  return fill_template(report_assets::template_html(), values);
}

void write_report(const std::string& run_dir, const std::string& shown_dir) {
  // Derived from the run folder, rewritten by `tilt report`: no fsync (atomic_file.hpp).
  write_file_atomically((fs::path(run_dir) / "report.html").string(),
                        render_report(run_dir, shown_dir), Durability::process_crash);
}

}  // namespace tilt
