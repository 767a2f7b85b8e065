// report.html: a run folder as pictures, one self-contained file that opens offline in a browser.
//
// It is made from what the run folder already holds (results.h5, summary.json,
// config.resolved.yaml) and holds everything it needs inline: the chart library (uPlot, vendored
// under core/report/vendor/uplot/ with its licence), the page script and the data as JSON. Opening
// it makes no network request.
//
// What it shows: key figures; equity and drawdown; inventory; the mid price with our fills marked
// by side; the markout curve (mean mid move after our fills by horizon, 95% band); the P&L split
// into spread capture, inventory P&L and fees (defined in report_stats.hpp); the distribution of
// each sampled signal, the strategy's driving signal first; every summary statistic; the resolved
// config. Time series longer than 2 × kReportBuckets points are min/max downsampled
// (downsample.hpp), so a ten-million-point run still opens in about a second.
//
// The page reports on itself in <pre id="render-status">: JSON with each chart's canvas size and
// any script error, which the browser test reads from the rendered DOM.
#pragma once

#include <cstddef>
#include <string>

namespace tilt {

/// Pixel-column buckets for downsampled time series (~2 points kept per bucket).
inline constexpr std::size_t kReportBuckets = 2000;
/// Buckets for the fill markers on the mid chart, per side: finer than a pixel so that up to
/// 20,000 fills a side are all there when the chart is zoomed in.
inline constexpr std::size_t kReportFillBuckets = 10000;

/// Reads the run folder and writes `<run_dir>/report.html` atomically. Throws tilt::Error (naming
/// the file) when results.h5 or summary.json is missing or unreadable. `shown_dir`, when given, is
/// the folder the page names instead of `run_dir`: where a folder built under a temporary name
/// (a sweep's top runs) will be once renamed.
void write_report(const std::string& run_dir, const std::string& shown_dir = {});

/// The page write_report writes.
std::string render_report(const std::string& run_dir, const std::string& shown_dir = {});

/// The data the page draws, as JSON text (NaN written as null).
std::string report_data_json(const std::string& run_dir, const std::string& shown_dir = {});

}  // namespace tilt
