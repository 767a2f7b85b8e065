// A sweep's tables (results.csv, results.h5) and its page (sweep.html).
#pragma once

#include <string>
#include <vector>

#include "tilt/sweep/sweep_runner.hpp"

namespace tilt {

/// results.csv and results.h5 (table "runs"), rows in the given order (sorted by id). A swept
/// parameter whose values are all numbers is a number column, else text; statistics are numbers
/// (empty in CSV, NaN in HDF5 when missing).
void write_sweep_tables(const std::string& dir, const SweepConfig& sweep,
                        const std::vector<SweepRow>& rows);

/// sweep.html: self-contained (inline script, no network); the objective against each parameter
/// and a heatmap (mean objective) over any two parameters chosen on the page. The page reports its
/// own rendering in <pre id="render-status"> for the browser test.
void write_sweep_html(const std::string& dir, const SweepConfig& sweep,
                      const SweepOutcome& outcome);

}  // namespace tilt
