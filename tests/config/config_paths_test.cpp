// Relative paths written in a config file resolve against the file's own directory (so a config
// works from any working directory); absolute paths stay as written; the config's own path, as
// given on the command line, is relative to the current directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"
#include "tilt/config/run_config.hpp"

namespace tilt {
namespace {

namespace fs = std::filesystem;

/// Changes the working directory for the scope of the test.
class WorkingDir {
 public:
  explicit WorkingDir(const fs::path& dir) : previous_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~WorkingDir() { fs::current_path(previous_); }

 private:
  fs::path previous_;
};

void write_config(const fs::path& file, const std::string& store) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "data:\n  stores: [" << store << ", /abs/b.h5]\n"
                      << "latency: {model: recorded, file: lat/latency.csv}\n"
                      << "strategy: {name: s, plugin: ../plugins/libs.so}\n"
                      << "output: {dir: out/run}\n";
}

TEST(ConfigPaths, RelativePathsResolveAgainstTheConfigFile) {
  testing::TempDir tmp;
  write_config(tmp.path() / "project" / "configs" / "run.yaml", "data/a.h5");
  // Started from an unrelated directory with the config named by an absolute path.
  fs::create_directories(tmp.path() / "elsewhere");
  WorkingDir cwd(tmp.path() / "elsewhere");
  const std::string dir = (tmp.path() / "project" / "configs").string();
  const RunConfig c = load_run_config(dir + "/run.yaml");
  ASSERT_EQ(c.stores.size(), 2u);
  EXPECT_EQ(c.stores[0], dir + "/data/a.h5");
  EXPECT_EQ(c.stores[1], "/abs/b.h5");  // absolute: as written
  EXPECT_EQ(c.latency_file, dir + "/lat/latency.csv");
  EXPECT_EQ(c.strategy_plugin, (tmp.path() / "project" / "plugins" / "libs.so").string());
  EXPECT_EQ(c.output_dir, "out/run");  // outputs go where tilt runs, like -o
}

TEST(ConfigPaths, ConfigNamedRelativeToTheWorkingDirectory) {
  testing::TempDir tmp;
  write_config(tmp.path() / "configs" / "run.yaml", "a.h5");
  WorkingDir cwd(tmp.path());
  const RunConfig c = load_run_config("configs/run.yaml");
  EXPECT_EQ(c.stores[0], "configs/a.h5");
  EXPECT_EQ(c.latency_file, "configs/lat/latency.csv");
  EXPECT_EQ(c.strategy_plugin, "plugins/libs.so");  // configs/../plugins, normalized
}

TEST(ConfigPaths, ConfigInTheWorkingDirectoryKeepsPathsAsWritten) {
  testing::TempDir tmp;
  write_config(tmp.path() / "run.yaml", "a.h5");
  WorkingDir cwd(tmp.path());
  const RunConfig c = load_run_config("run.yaml");
  EXPECT_EQ(c.stores[0], "a.h5");
  EXPECT_EQ(c.strategy_plugin, "../plugins/libs.so");
}

}  // namespace
}  // namespace tilt
