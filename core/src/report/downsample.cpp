#include "tilt/report/downsample.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include "tilt/error.hpp"

namespace tilt {

MinMaxDownsampler::MinMaxDownsampler(std::int64_t x_first, std::int64_t x_last, std::size_t n,
                                     std::size_t buckets)
    : x_first_(x_first),
      span_(static_cast<double>(x_last - x_first)),
      n_(n),
      buckets_(buckets),
      keep_all_(n <= 2 * buckets) {
  if (buckets == 0) throw Error("downsample: need at least one bucket");
  out_.reserve(keep_all_ ? n : 2 * buckets + 2);
}

std::size_t MinMaxDownsampler::bucket_of(std::int64_t x) const {
  if (span_ <= 0) return 0;
  const double position = static_cast<double>(x - x_first_) / span_;
  return std::min(buckets_ - 1, static_cast<std::size_t>(position * static_cast<double>(buckets_)));
}

void MinMaxDownsampler::emit(const Bucket& bucket) {
  if (!bucket.has_value) {
    out_.push_back(bucket.first);
    return;
  }
  const bool min_first = bucket.min.index < bucket.max.index;
  out_.push_back(min_first ? bucket.min : bucket.max);
  if (bucket.min.index != bucket.max.index) out_.push_back(min_first ? bucket.max : bucket.min);
}

void MinMaxDownsampler::add(std::int64_t x, double y) {
  if (next_ >= n_) throw Error("downsample: more points than announced");
  const SeriesPoint p{next_++, x, y};
  if (keep_all_) {
    out_.push_back(p);
    return;
  }
  last_ = p;
  if (p.index == 0) {
    out_.push_back(p);  // the first point is always kept
    bucket_ = Bucket{p, p, p, false};
    current_ = bucket_of(x);
  } else if (const std::size_t b = bucket_of(x); b != current_) {
    emit(bucket_);
    bucket_ = Bucket{p, p, p, false};
    current_ = b;
  }
  if (std::isnan(y)) return;
  if (!bucket_.has_value) {
    bucket_.min = bucket_.max = p;
    bucket_.has_value = true;
    return;
  }
  if (y < bucket_.min.y) bucket_.min = p;
  if (y > bucket_.max.y) bucket_.max = p;
}

std::vector<SeriesPoint> MinMaxDownsampler::finish() {
  if (next_ != n_) throw Error("downsample: fewer points than announced");
  if (!keep_all_) {
    emit(bucket_);
    out_.push_back(last_);  // the last point is always kept
    // The first and last point may also be a bucket's min or max: drop the duplicates.
    const auto same = [](const SeriesPoint& a, const SeriesPoint& b) { return a.index == b.index; };
    out_.erase(std::unique(out_.begin(), out_.end(), same), out_.end());
  }
  return std::move(out_);
}

std::vector<std::size_t> downsample_min_max(std::span<const std::int64_t> x,
                                            std::span<const double> y, std::size_t buckets) {
  if (x.size() != y.size()) throw Error("downsample: x and y differ in length");
  const std::size_t n = y.size();
  MinMaxDownsampler sampler(n > 0 ? x[0] : 0, n > 0 ? x[n - 1] : 0, n, buckets);
  for (std::size_t i = 0; i < n; ++i) sampler.add(x[i], y[i]);
  const std::vector<SeriesPoint> kept = sampler.finish();
  std::vector<std::size_t> out(kept.size());
  for (std::size_t k = 0; k < kept.size(); ++k) out[k] = kept[k].index;
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
