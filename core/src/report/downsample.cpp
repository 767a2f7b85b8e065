#include "tilt/report/downsample.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "tilt/error.hpp"

namespace tilt {
namespace {

// What one bucket keeps while its points stream by.
struct Bucket {
  std::size_t first = 0;  // its first point (kept when all its y are NaN)
  std::size_t min_index = 0;
  std::size_t max_index = 0;
  bool has_value = false;  // saw a non-NaN y

  void start(std::size_t i) { *this = Bucket{i, i, i, false}; }

  void add(std::size_t i, std::span<const double> y) {
    if (std::isnan(y[i])) return;
    if (!has_value) {
      min_index = max_index = i;
      has_value = true;
      return;
    }
    if (y[i] < y[min_index]) min_index = i;
    if (y[i] > y[max_index]) max_index = i;
  }

  void emit(std::vector<std::size_t>& out) const {
    if (!has_value) {
      out.push_back(first);
      return;
    }
    out.push_back(std::min(min_index, max_index));
    if (min_index != max_index) out.push_back(std::max(min_index, max_index));
  }
};

}  // namespace

std::vector<std::size_t> downsample_min_max(std::span<const std::int64_t> x,
                                            std::span<const double> y, std::size_t buckets) {
  if (x.size() != y.size()) throw Error("downsample: x and y differ in length");
  if (buckets == 0) throw Error("downsample: need at least one bucket");
  const std::size_t n = y.size();
  std::vector<std::size_t> out;
  if (n <= 2 * buckets) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  out.reserve(2 * buckets + 2);
  out.push_back(0);

  const double span = static_cast<double>(x[n - 1] - x[0]);
  const auto bucket_of = [&](std::size_t i) -> std::size_t {
    if (span <= 0) return 0;
    const double position = static_cast<double>(x[i] - x[0]) / span;
    return std::min(buckets - 1, static_cast<std::size_t>(position * static_cast<double>(buckets)));
  };

  Bucket bucket;
  bucket.start(0);
  std::size_t current = bucket_of(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t b = bucket_of(i);
    if (b != current) {
      bucket.emit(out);
      bucket.start(i);
      current = b;
    }
    bucket.add(i, y);
  }
  bucket.emit(out);
  out.push_back(n - 1);

  // The first and last point may also be a bucket's min or max: drop the duplicates.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::size_t> merge_indices(const std::vector<std::vector<std::size_t>>& lists) {
  // downsample_min_max's lists are sorted: merged one after the other in linear time. Any other
  // list is sorted first.
  std::vector<std::size_t> out, merged, sorted;
  for (const auto& list : lists) {
    const std::vector<std::size_t>* in = &list;
    if (!std::is_sorted(list.begin(), list.end())) {
      sorted = list;
      std::sort(sorted.begin(), sorted.end());
      in = &sorted;
    }
    merged.clear();
    merged.reserve(out.size() + in->size());
    std::merge(out.begin(), out.end(), in->begin(), in->end(), std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    out.swap(merged);
  }
  return out;
}

}  // namespace tilt
