#include "tilt/study/study_engine.hpp"

namespace tilt::study {
namespace {

std::vector<std::string> labels_of(const std::vector<Horizon>& horizons) {
  std::vector<std::string> labels;
  labels.reserve(horizons.size());
  for (const Horizon& h : horizons) labels.push_back(h.label);
  return labels;
}

}  // namespace

StudyEngine::StudyEngine(std::vector<SignalAxis> signals, std::vector<Horizon> horizons,
                         GridOptions options, std::size_t lookahead_capacity)
    : horizons_(std::move(horizons)),
      cursors_(horizons_.size(), 0),
      grid_(std::move(signals), labels_of(horizons_), options),
      buffer_(grid_.signal_count(), lookahead_capacity) {
  for (std::size_t h = 0; h < horizons_.size(); ++h) {
    (horizons_[h].unit == Horizon::Unit::time ? time_horizons_ : message_horizons_).push_back(h);
  }
}

void StudyEngine::end_of_stream() {
  for (std::int64_t& cursor : cursors_) {
    counters_.pairs_incomplete_at_end += buffer_.head() - cursor;
    cursor = buffer_.head();
  }
  release();
}

void StudyEngine::finish() {
  end_of_stream();
  grid_.finish();
}

}  // namespace tilt::study
