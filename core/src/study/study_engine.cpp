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
      grid_(std::move(signals), labels_of(horizons_), options),
      buffer_(grid_.lane_count(), lookahead_capacity) {
  for (std::size_t h = 0; h < horizons_.size(); ++h) {
    const HorizonCursor c{h, horizons_[h].amount, 0, kNever};
    (horizons_[h].unit == Horizon::Unit::time ? time_cursors_ : message_cursors_).push_back(c);
  }
}

// A time horizon reaches its sample at the first message stamped after the sample's time + span,
// before that message is applied.
void StudyEngine::complete_time_horizons(Timestamp ts, std::int64_t mid2) {
  Timestamp earliest = kNever;
  const std::int64_t head = buffer_.head();
  for (HorizonCursor& c : time_cursors_) {
    while (c.due < ts) {
      complete(c.horizon, c.next, mid2);
      ++c.next;
      c.due = c.next < head ? buffer_.at(c.next).ts + c.amount : kNever;
    }
    earliest = c.due < earliest ? c.due : earliest;
  }
  time_due_ = earliest;
}

// A horizon of n book messages reaches its sample after the n-th book message that follows it.
void StudyEngine::complete_message_horizons(std::int64_t mid2) {
  std::int64_t earliest = kNever;
  const std::int64_t head = buffer_.head();
  const std::int64_t now = counters_.book_messages;
  for (HorizonCursor& c : message_cursors_) {
    while (c.due <= now) {
      complete(c.horizon, c.next, mid2);
      ++c.next;
      c.due = c.next < head ? buffer_.at(c.next).message + c.amount : kNever;
    }
    earliest = c.due < earliest ? c.due : earliest;
  }
  message_due_ = earliest;
}

void StudyEngine::end_of_stream() {
  const std::int64_t head = buffer_.head();
  for (auto* cursors : {&time_cursors_, &message_cursors_}) {
    for (HorizonCursor& c : *cursors) {
      counters_.pairs_incomplete_at_end += head - c.next;
      c.next = head;
      c.due = kNever;
    }
  }
  time_due_ = message_due_ = kNever;
  release();
}

void StudyEngine::finish() {
  end_of_stream();
  grid_.finish();
}

}  // namespace tilt::study
