// Temporaries of killed writers: the next write of the same target removes those whose process is
// gone, and nothing else (other targets, live processes, names that only look alike).
#include "tilt/results/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

/// The pid of a child that has exited and been reaped: no process has it (until reused).
pid_t gone_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

void touch(const fs::path& p, const std::string& text = "partial") {
  std::ofstream(p, std::ios::binary) << text;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicFile, NextWriteRemovesTheTemporariesOfGoneProcessesOnly) {
  TempDir dir;
  const std::string target = dir.file("summary.json");
  const std::string gone = std::to_string(gone_pid());
  touch(dir.path() / ("summary.json.tmp." + gone));                         // killed writer
  fs::create_directories(dir.path() / ("summary.json.tmp." + gone + "x"));  // not a pid
  touch(dir.path() / "summary.json.tmp.1");                                 // init: alive
  touch(dir.path() / ("report.html.tmp." + gone));                          // another target
  touch(dir.path() / ("summary.json.tmp." + gone + ".bak"));                // not ours

  write_file_atomically(target, "{}\n");

  EXPECT_EQ(read(target), "{}\n");
  EXPECT_FALSE(fs::exists(dir.path() / ("summary.json.tmp." + gone)));
  EXPECT_TRUE(fs::exists(dir.path() / ("summary.json.tmp." + gone + "x")));
  EXPECT_TRUE(fs::exists(dir.path() / "summary.json.tmp.1"));
  EXPECT_TRUE(fs::exists(dir.path() / ("report.html.tmp." + gone)));
  EXPECT_TRUE(fs::exists(dir.path() / ("summary.json.tmp." + gone + ".bak")));
  EXPECT_FALSE(fs::exists(temporary_path_for(target)));  // its own was renamed into place
}

TEST(AtomicFile, StaleTemporaryFoldersAreRemovedWhole) {
  TempDir dir;
  const fs::path stale = dir.path() / ("top.tmp." + std::to_string(gone_pid()));
  fs::create_directories(stale / "01_run");
  touch(stale / "01_run" / "summary.json");
  EXPECT_EQ(remove_stale_temporaries(dir.file("top")), 1u);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_EQ(remove_stale_temporaries(dir.file("top")), 0u);
}

TEST(AtomicFile, ResultsAndStoreWritersCleanUpAfterAKilledWriter) {
  TempDir dir;
  const std::string gone = std::to_string(gone_pid());
  touch(dir.path() / ("results.h5.tmp." + gone));
  touch(dir.path() / ("store.h5.tmp." + gone));
  {
    ResultsFile results(dir.file("results.h5"), Compression::none);
    Table t;
    t.name = "equity";
    t.int_column("ts", "ns since epoch") = {1, 2};
    results.write(t);
    results.close();
  }
  {
    Instrument instrument;
    instrument.symbol = "TEST";
    StoreOptions options;
    options.compression = Compression::none;
    StoreWriter writer(dir.file("store.h5"), instrument, options);
    const Event e{1, 1, 100, 5, EventKind::level, Side::buy, 0};
    writer.append({&e, 1});
    writer.close();
  }
  EXPECT_EQ(read_table(dir.file("results.h5"), "equity").rows(), 2u);
  EXPECT_EQ(read_store_metadata(dir.file("store.h5")).event_count, 1);
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(AtomicFile, CommitMovesTheTemporaryIntoPlace) {
  TempDir dir;
  const std::string target = dir.file("out.csv");
  touch(target, "old");
  const std::string temp = temporary_path_for(target);
  touch(temp, "new");
  commit_temporary(temp, target);
  EXPECT_EQ(read(target), "new");
  EXPECT_FALSE(fs::exists(temp));
  // A temporary that is gone (removed under our feet) is an error naming the target.
  try {
    commit_temporary(temp, target);
    FAIL() << "committed a missing temporary";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(target), "new");
}

}  // namespace
}  // namespace tilt
