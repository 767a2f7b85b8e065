// Min/max downsampling for display: a long series becomes at most ~2 points per pixel column and
// still looks the same when drawn, because every spike survives (an average would flatten them).
//
// The x range [x_first, x_last] is cut into `buckets` equal-width buckets. From each bucket we keep
// the point with the smallest y and the point with the largest y (one point when they coincide;
// on ties the earliest), and we always keep the first and the last point of the series. Points
// with a NaN y never win min or max; a bucket holding only NaN points keeps its first one, so a
// gap in the data stays a gap on the chart. The kept indices come back in increasing order, hence
// in x order: at most 2 × buckets + 2 of them. A series of at most 2 × buckets points is returned
// whole. O(n) time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tilt {

/// Indices of the points to draw. `x` must be non-decreasing and as long as `y`; buckets >= 1.
std::vector<std::size_t> downsample_min_max(std::span<const std::int64_t> x,
                                            std::span<const double> y, std::size_t buckets);

/// Sorted union of index lists (to draw several series of one chart at shared x positions,
/// downsample each and merge, so every series keeps its own extremes).
std::vector<std::size_t> merge_indices(const std::vector<std::vector<std::size_t>>& lists);

}  // namespace tilt
