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
//
// MinMaxDownsampler does it with the points fed one at a time (a series too long to hold, such as
// one read from a table in chunks), given the length and x range up front: it keeps only the
// points it selects. downsample_min_max runs on it, so both select the same points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tilt {

/// A point of a series: its index in the series and its coordinates.
struct SeriesPoint {
  std::size_t index = 0;
  std::int64_t x = 0;
  double y = 0.0;
};

/// Streaming min/max downsampling of a series of known length `n` whose first and last x are
/// `x_first` and `x_last` (x non-decreasing). Feed the n points in order with add(), then take
/// the kept ones from finish(). Memory: O(buckets).
class MinMaxDownsampler {
 public:
  /// buckets >= 1.
  MinMaxDownsampler(std::int64_t x_first, std::int64_t x_last, std::size_t n, std::size_t buckets);

  void add(std::int64_t x, double y);

  /// The kept points in index order; throws tilt::Error unless exactly n points were added.
  std::vector<SeriesPoint> finish();

 private:
  // What one bucket keeps while its points stream by.
  struct Bucket {
    SeriesPoint first;  // its first point (kept when all its y are NaN)
    SeriesPoint min;
    SeriesPoint max;
    bool has_value = false;  // saw a non-NaN y
  };

  std::size_t bucket_of(std::int64_t x) const;
  void emit(const Bucket& bucket);

  std::int64_t x_first_;
  double span_;
  std::size_t n_;
  std::size_t buckets_;
  bool keep_all_;  // n <= 2 × buckets: the whole series
  std::size_t next_ = 0;
  std::size_t current_ = 0;  // the bucket being filled
  Bucket bucket_;
  SeriesPoint last_;
  std::vector<SeriesPoint> out_;
};

/// Indices of the points to draw. `x` must be non-decreasing and as long as `y`; buckets >= 1.
std::vector<std::size_t> downsample_min_max(std::span<const std::int64_t> x,
                                            std::span<const double> y, std::size_t buckets);

/// Sorted union of index lists (to draw several series of one chart at shared x positions,
/// downsample each and merge, so every series keeps its own extremes).
std::vector<std::size_t> merge_indices(const std::vector<std::vector<std::size_t>>& lists);

}  // namespace tilt
