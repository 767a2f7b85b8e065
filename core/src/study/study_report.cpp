// study.html: the embedded study template with the chart library and the study's data (the
// content of study.json plus the CKS scatter points) put in its {{placeholders}}.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string_view>

#include "tilt/error.hpp"
#include "tilt/report/report_assets.hpp"
#include "tilt/study/study.hpp"

namespace tilt::study_assets {
std::string_view template_html();  // core/report/study_template.html (cmake/TiltEmbed.cmake)
}

namespace tilt::study {
namespace {

// At most this many CKS intervals are drawn (every k-th), so a long study still opens quickly.
constexpr std::size_t kMaxScatterPoints = 5000;

std::string html_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Inside <script type="application/json"> a '<' may only sit in a JSON string, where \u003c is
// the same character; without it no "</script>" in the data can end the element.
std::string script_safe(std::string_view json) {
  std::string out;
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

// Replaces each {{name}} in one left-to-right pass; inserted text is never rescanned.
std::string fill(std::string_view page,
                 const std::map<std::string, std::string, std::less<>>& values) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = page.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = page.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const auto it = values.find(page.substr(open + 2, close - open - 2));
    if (it == values.end())
      throw Error("study template: unknown placeholder " +
                  std::string(page.substr(open, close + 2 - open)));
    out.append(page.substr(at, open - at));
    out += it->second;
    at = close + 2;
  }
  out.append(page.substr(at));
  return out;
}

}  // namespace

std::string render_study_html(const StudyResult& result) {
  nlohmann::json data = nlohmann::json::parse(study_json(result));
  const auto& rows = result.cks_intervals;
  const std::size_t step =
      std::max<std::size_t>(1, (rows.size() + kMaxScatterPoints - 1) / kMaxScatterPoints);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < rows.size(); i += step) order.push_back(i);
  // uPlot wants x increasing.
  std::sort(order.begin(), order.end(), [&rows](std::size_t a, std::size_t b) {
    return rows[a].ofi < rows[b].ofi || (rows[a].ofi == rows[b].ofi && a < b);
  });
  std::vector<double> ofi, dp;
  for (std::size_t i : order) {
    ofi.push_back(rows[i].ofi);
    dp.push_back(rows[i].mid_change);
  }
  data["cks_points"] = {{"ofi", ofi}, {"mid_change", dp}};
  const std::map<std::string, std::string, std::less<>> values = {
      {"title", html_text("tilt study: " + result.symbol)},
      {"uplot_css", std::string(report_assets::uplot_css())},
      {"uplot_js", std::string(report_assets::uplot_js())},
      {"uplot_license", std::string(report_assets::uplot_license())},
      {"study_data", script_safe(data.dump())},
  };
  return fill(study_assets::template_html(), values);
}

}  // namespace tilt::study
