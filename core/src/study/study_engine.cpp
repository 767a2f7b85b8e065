#include "tilt/study/study_engine.hpp"

#include <algorithm>

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
      buffer_(grid_.signal_count(), grid_.horizon_count(), lookahead_capacity),
      lane_x_(grid_.signal_count()),
      lane_u_(grid_.signal_count()),
      lane_b_(grid_.signal_count()),
      columns_x_(grid_.signal_count()),
      columns_u_(grid_.signal_count()),
      columns_y_(grid_.horizon_count()),
      columns_b_(grid_.signal_count()) {
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

void StudyEngine::complete_one(std::size_t h, std::int64_t index, double y) {
  const std::size_t slot = buffer_.slot_of(index);
  for (std::size_t s = 0; s < grid_.signal_count(); ++s) {
    lane_x_[s] = buffer_.values(s)[slot];
    lane_u_[s] = buffer_.ranks(s)[slot];
    lane_b_[s] = buffer_.buckets(s)[slot];
  }
  grid_.complete(h, index, lane_x_.data(), lane_u_.data(), lane_b_.data(), y,
                 buffer_.head() - index - 1);
}

void StudyEngine::code_until(std::int64_t end) {
  while (coded_ < end) {
    const std::size_t slot = buffer_.slot_of(coded_);
    const auto n = static_cast<std::size_t>(
        std::min<std::int64_t>(end - coded_, static_cast<std::int64_t>(buffer_.capacity() - slot)));
    for (std::size_t s = 0; s < grid_.signal_count(); ++s)
      grid_.code_column(s, buffer_.values(s) + slot, buffer_.ranks(s) + slot,
                        buffer_.buckets(s) + slot, n);
    coded_ += static_cast<std::int64_t>(n);
  }
}

void StudyEngine::hand_over(std::int64_t end) {
  code_until(end);
  while (batched_ < end) {
    // Consecutive slots: up to the end of the ring at most.
    const std::size_t slot = buffer_.slot_of(batched_);
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(
        end - batched_, static_cast<std::int64_t>(buffer_.capacity() - slot)));
    for (std::size_t s = 0; s < grid_.signal_count(); ++s) {
      columns_x_[s] = buffer_.values(s) + slot;
      columns_u_[s] = buffer_.ranks(s) + slot;
      columns_b_[s] = buffer_.buckets(s) + slot;
    }
    for (std::size_t h = 0; h < grid_.horizon_count(); ++h) columns_y_[h] = buffer_.moves(h) + slot;
    grid_.add_batch(columns_x_.data(), columns_u_.data(), columns_b_.data(), columns_y_.data(), n);
    batched_ += static_cast<std::int64_t>(n);
  }
  buffer_.hold(batched_);
}

void StudyEngine::end_of_stream() {
  const std::int64_t head = buffer_.head();
  if (batch_from_ != kNever) {
    // What every horizon reached goes in a batch; the rest, reached by some horizons only, one
    // completion at a time (each horizon's samples still in order).
    std::int64_t oldest = head;
    for (auto* cursors : {&time_cursors_, &message_cursors_})
      for (const HorizonCursor& c : *cursors) oldest = c.next < oldest ? c.next : oldest;
    hand_over(oldest);
    code_until(head);
    for (auto* cursors : {&time_cursors_, &message_cursors_}) {
      for (const HorizonCursor& c : *cursors) {
        for (std::int64_t i = batched_; i < c.next; ++i)
          complete_one(c.horizon, i, buffer_.moves(c.horizon)[buffer_.slot_of(i)]);
      }
    }
    batched_ = head;
    buffer_.hold(batched_);
  }
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
