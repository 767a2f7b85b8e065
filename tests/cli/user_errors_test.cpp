// User mistakes through the tilt binary: each is exit 1 with one line "tilt: error: <file>...:
// what", never "internal error" (exit 3), and leaves no half-written output behind.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "support/run_tilt.hpp"
#include "support/temp_dir.hpp"
#include "tilt/store/event_store.hpp"

namespace {

using tilt::testing::run_tilt;
using tilt::testing::TempDir;

// A run config that needs no external data (20k synthetic events into `store`).
std::string small_config(const std::string& store, const std::string& signal_name) {
  return "data:\n  store: " + store +
         "\n  synthetic: {events: 20000, seed: 1}\n"
         "signals:\n  - {type: queue_imbalance, name: " +
         signal_name + "}\nstrategy: {name: imbalance_taker, params: {signal: " + signal_name +
         "}}\n";
}

TEST(CliUserErrors, RunOutputFolderThatIsAnExistingFile) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << small_config(dir.file("s.h5"), "qi");
  const std::string file = dir.file("a_file");
  std::ofstream(file) << "x";
  auto r = run_tilt("run -q " + cfg + " -o " + file);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + file + ": cannot create directories: Not a directory\n");
  r = run_tilt("run -q " + cfg + " -o " + file + "/run");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "tilt: error: " + file + "/run: cannot create directories: Not a directory\n");
}

TEST(CliUserErrors, ConfigWithInvalidUtf8InASignalNameIsRejectedAtLoad) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << small_config(dir.file("s.h5"), "qi_\xff");
  const auto r = run_tilt("run -q " + cfg + " -o " + dir.file("out"));
  EXPECT_EQ(r.status, 1);
  // Line 5 is "  - {type: queue_imbalance, name: qi_\xff}": the byte is the 38th character.
  EXPECT_EQ(r.output, "tilt: error: " + cfg +
                          ":5:38: (encoding): expected UTF-8 text, got invalid UTF-8 byte 0xff\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("out"))) << "nothing runs for an invalid config";
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.h5")));
}

TEST(CliUserErrors, ConfigFileNameThatIsNotUtf8) {
  TempDir dir;
  const std::string cfg = dir.file("c_\xfd.yaml");
  std::ofstream(cfg) << small_config(dir.file("s.h5"), "qi");
  const auto r = run_tilt("run -q '" + cfg + "' -o " + dir.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + cfg +
                          ":0:0: (file name): expected a UTF-8 file name (run outputs record it "
                          "as text), got invalid UTF-8 byte 0xfd\n");
}

TEST(CliUserErrors, StoreOutputUnderAnExistingFile) {
  TempDir dir;
  const std::string file = dir.file("a_file");
  std::ofstream(file) << "x";
  auto r = run_tilt("synth -q -n 100 -o " + file + "/s.h5");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + file + ": cannot create directories: Not a directory\n");
  // A config whose synthetic store goes there.
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << small_config(file + "/s.h5", "qi");
  r = run_tilt("run -q " + cfg + " -o " + dir.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + file + ": cannot create directories: Not a directory\n");
  std::ofstream(dir.file("m.csv")) << "x\n";
  r = run_tilt("convert --from lobster --messages " + dir.file("m.csv") + " --orderbook " +
               dir.file("m.csv") + " --symbol X --tick-size 0.01 --lot-size 1 -q -o " + file +
               "/s.h5");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + file + ": cannot create directories: Not a directory\n");
}

TEST(CliUserErrors, InstrumentFileThatIsAFolder) {
  TempDir dir;
  std::ofstream(dir.file("m.csv")) << "x\n";
  const auto r = run_tilt("convert --from lobster --messages " + dir.file("m.csv") +
                          " --orderbook " + dir.file("m.csv") + " --instrument " +
                          dir.path().string() + " -q -o " + dir.file("s.h5"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + dir.path().string() +
                          ": is a directory, expected an instrument YAML file\n");
}

TEST(CliUserErrors, BookCsvOntoAFolderFailsAndLeavesNoTemporaryFile) {
  TempDir dir;
  const std::string store = dir.file("s.h5");
  ASSERT_EQ(run_tilt("synth -q -n 2000 -o " + store).status, 0);
  const std::string folder = dir.file("folder");
  std::filesystem::create_directories(folder);
  const auto r = run_tilt("book " + store + " --csv " + folder);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + folder +
                          ": exists and is not a regular file; refusing to replace it\n");
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    left.push_back(entry.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"folder", "s.h5"}));
}

TEST(CliUserErrors, BookCsvOntoAFifoLeavesItInPlace) {
  // As root, renaming over /dev/full once replaced the device; a FIFO stands in for any
  // non-regular target.
  TempDir dir;
  const std::string store = dir.file("s.h5");
  ASSERT_EQ(run_tilt("synth -q -n 2000 -o " + store).status, 0);
  const std::string fifo = dir.file("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto r = run_tilt("book " + store + " --csv " + fifo);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + fifo +
                          ": exists and is not a regular file; refusing to replace it\n");
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
}

TEST(CliUserErrors, CorruptEventsFailInfoBookAndRunWithTheEventIndex) {
  TempDir dir;
  tilt::synthetic::Params params;
  params.events = 5'000;
  params.seed = 11;
  auto events = tilt::synthetic::generate_all(params);
  ASSERT_EQ(events[3210].kind, tilt::EventKind::level);
  events[3210].kind = static_cast<tilt::EventKind>(135);
  const std::string store = dir.file("corrupt.h5");
  {
    tilt::StoreWriter writer(store, tilt::synthetic::synthetic_instrument());
    writer.append(events);
    writer.close();
  }
  const std::string expected = "tilt: error: " + store +
                               ": event 3210: kind 135 is not an event kind (1 level, 2 trade, "
                               "3 snapshot_begin, 4 snapshot_end)\n";
  auto r = run_tilt("info " + store);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, expected);
  r = run_tilt("book " + store);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, expected);
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << "data: {store: " << store
                     << "}\nsignals:\n  - {type: queue_imbalance}\nstrategy: {name: "
                        "imbalance_taker}\n";
  r = run_tilt("run -q " + cfg + " -o " + dir.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find(store + ": event 3210: kind 135 is not an event kind"), std::string::npos)
      << r.output;
}

}  // namespace
