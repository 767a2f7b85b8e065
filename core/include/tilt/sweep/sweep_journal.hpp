// journal.jsonl in a sweep folder: one row (sweep_plan.hpp) per finished run, appended and made
// durable (write, then fsync) as runs finish, so a killed sweep resumes where it stopped and loses
// nothing. A torn last line (killed mid-write) is cut off when the journal is reopened; a row whose
// id appears twice is kept once.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "tilt/sweep/sweep_plan.hpp"

namespace tilt {

class SweepJournal {
 public:
  /// Opens (creating) `path` for appending and reads the rows already in it.
  explicit SweepJournal(std::string path);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  /// Rows found when the journal was opened, in file order, without duplicate ids.
  const std::vector<SweepRow>& existing() const { return existing_; }
  /// Appends the rows and fsyncs before returning. Thread-safe.
  void append(const std::vector<SweepRow>& rows);

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  std::vector<SweepRow> existing_;
};

}  // namespace tilt
