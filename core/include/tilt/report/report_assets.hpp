// The files report.html is made of, compiled into the library at build time by
// cmake/TiltEmbed.cmake from core/report/: the HTML template and the vendored uPlot chart library
// (JavaScript, CSS and its MIT licence, which every report carries). Bytes exactly as in the files.
#pragma once

#include <string_view>

namespace tilt::report_assets {

std::string_view template_html();  ///< core/report/report_template.html
std::string_view uplot_js();       ///< core/report/vendor/uplot/uPlot.iife.min.js
std::string_view uplot_css();      ///< core/report/vendor/uplot/uPlot.min.css
std::string_view uplot_license();  ///< core/report/vendor/uplot/LICENSE

}  // namespace tilt::report_assets
