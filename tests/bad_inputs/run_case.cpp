// Runs one case of the bad-input catalogue (tests/bad_inputs/README.md) through the real tilt
// binary: copies the case folder into a fresh work folder, performs its setup steps, runs the
// command line of its `spec`, and compares the exit status and the whole of stderr with what the
// spec expects. Exits 0 when they match; otherwise prints what differed and exits 1.
//
//   tilt_bad_inputs_runner --tilt BIN --case DIR --work DIR [--define NAME=VALUE]...
//
// In the spec and in every copied file, @WORK@ becomes the work folder, @TILT_VERSION@ and
// @STRATEGY_ABI_TAG@ this tilt's (as a plugin error prints them) and @NAME@ each --define. In an
// expected stderr line, @ANY@ matches any text (used only for long lists of valid names, which grow
// as tilt does).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tilt/strategy.hpp"
#include "tilt/strategy_loader.hpp"
#include "tilt/version.hpp"

namespace fs = std::filesystem;

namespace {

struct Spec {
  std::vector<std::vector<std::string>> setup;  ///< setup steps, each split into words
  std::vector<std::string> command;             ///< tilt's arguments
  bool has_command = false;
  int exit_status = -1;
  std::string expected_stderr;  ///< the `stderr:` lines, each ending in '\n'
};

[[noreturn]] void die(const std::string& what) {
  throw std::runtime_error(what);
}

std::string substitute(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    const std::string key = "@" + name + "@";
    for (std::size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

// Words separated by blanks; "double quotes" keep blanks inside one word.
std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool have = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
      have = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (have) words.push_back(word);
      word.clear();
      have = false;
    } else {
      word += c;
      have = true;
    }
  }
  if (quoted) die("unbalanced quote in: " + line);
  if (have) words.push_back(word);
  return words;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) die("cannot write " + path.string());
}

Spec parse_spec(const std::string& text) {
  Spec spec;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) die("spec line without 'key: value': " + line);
    const std::string key = line.substr(0, colon);
    const std::string value = line.substr(std::min(colon + 2, line.size()));
    if (key == "setup") {
      spec.setup.push_back(split_words(value));
    } else if (key == "run") {
      spec.command = split_words(value);
      spec.has_command = true;
    } else if (key == "exit") {
      spec.exit_status = std::stoi(value);
    } else if (key == "stderr") {
      spec.expected_stderr += value + "\n";
    } else if (key != "about") {
      die("unknown spec key '" + key + "'");
    }
  }
  if (!spec.has_command || spec.exit_status < 0 || spec.expected_stderr.empty())
    die("a spec needs run:, exit: and at least one stderr: line");
  return spec;
}

// `text` equals `pattern`, where each @ANY@ in the pattern stands for any run of characters.
bool matches(const std::string& pattern, const std::string& text) {
  const std::string any = "@ANY@";
  std::size_t p = pattern.find(any);
  if (p == std::string::npos) return pattern == text;
  if (text.compare(0, p, pattern, 0, p) != 0) return false;
  std::size_t t = p;
  p += any.size();
  while (true) {
    const std::size_t next = pattern.find(any, p);
    const std::string piece = pattern.substr(p, next == std::string::npos ? next : next - p);
    if (next == std::string::npos) {
      return text.size() >= t + piece.size() &&
             text.compare(text.size() - piece.size(), piece.size(), piece) == 0;
    }
    const std::size_t found = text.find(piece, t);
    if (found == std::string::npos) return false;
    t = found + piece.size();
    p = next + any.size();
  }
}

struct Outcome {
  int status = -1;  ///< exit status, or 128 + signal when killed
  std::string err;
};

Outcome run(const std::string& binary, const std::vector<std::string>& args, const fs::path& work) {
  const fs::path err_path = work / ".stderr";
  const fs::path out_path = work / ".stdout";
  const pid_t pid = ::fork();
  if (pid < 0) die("fork failed");
  if (pid == 0) {
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    if (err < 0 || out < 0 || in < 0 || ::dup2(err, 2) < 0 || ::dup2(out, 1) < 0 ||
        ::dup2(in, 0) < 0 || ::chdir(work.c_str()) != 0)
      ::_exit(125);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(126);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) die("waitpid failed");
  Outcome o;
  if (WIFEXITED(status)) o.status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.status = 128 + WTERMSIG(status);
  o.err = read_file(err_path);
  return o;
}

std::uint64_t number(const std::string& text) {
  std::size_t used = 0;
  const auto value = std::stoull(text, &used, 0);
  if (used != text.size()) die("not a number: " + text);
  return value;
}

// Setup steps, run in the work folder before the command:
//   tilt ARGS...              run tilt (for example `synth`); it must succeed
//   poke FILE OFFSET BYTE...  overwrite bytes (hex) at OFFSET of FILE
//   truncate FILE SIZE        cut FILE to SIZE bytes
//   copy FROM TO              copy a file
void perform(const std::vector<std::string>& step, const std::string& tilt, const fs::path& work) {
  const std::string& what = step.at(0);
  if (what == "tilt") {
    const Outcome o = run(tilt, {step.begin() + 1, step.end()}, work);
    if (o.status != 0) die("setup step failed (" + std::to_string(o.status) + "): " + o.err);
  } else if (what == "poke" && step.size() >= 4) {
    const fs::path file = work / step[1];
    std::string bytes = read_file(file);
    std::size_t at = number(step[2]);
    for (std::size_t i = 3; i < step.size(); ++i, ++at) {
      if (at >= bytes.size()) die("poke past the end of " + file.string());
      bytes[at] = static_cast<char>(number("0x" + step[i]));
    }
    write_file(file, bytes);
  } else if (what == "truncate" && step.size() == 3) {
    fs::resize_file(work / step[1], number(step[2]));
  } else if (what == "copy" && step.size() == 3) {
    fs::copy_file(work / step[1], work / step[2], fs::copy_options::overwrite_existing);
  } else {
    die("unknown setup step '" + what + "'");
  }
}

int run_case(int argc, char** argv) {
  std::string tilt;
  fs::path case_dir;
  fs::path work;
  std::map<std::string, std::string> vars;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--tilt") {
      tilt = value;
    } else if (flag == "--case") {
      case_dir = value;
    } else if (flag == "--work") {
      work = value;
    } else if (flag == "--define" && value.find('=') != std::string::npos) {
      vars[value.substr(0, value.find('='))] = value.substr(value.find('=') + 1);
    } else {
      die("usage: --tilt BIN --case DIR --work DIR [--define NAME=VALUE]...");
    }
  }
  if (tilt.empty() || case_dir.empty() || work.empty())
    die("--tilt, --case and --work are required");
  work = fs::absolute(work);
  tilt = fs::absolute(tilt).string();
  fs::remove_all(work);
  fs::create_directories(work);
  vars["WORK"] = work.string();
  vars["TILT_VERSION"] = tilt::kVersion;
  vars["STRATEGY_ABI_TAG"] = tilt::abi_tag_text(tilt::kStrategyAbiTag);

  for (const auto& entry : fs::recursive_directory_iterator(case_dir)) {
    const fs::path target = work / fs::relative(entry.path(), case_dir);
    if (entry.is_directory()) {
      fs::create_directories(target);
    } else if (entry.path().filename() != "spec") {
      write_file(target, substitute(read_file(entry.path()), vars));
    }
  }
  const Spec spec = parse_spec(substitute(read_file(case_dir / "spec"), vars));
  for (const auto& step : spec.setup) perform(step, tilt, work);
  const Outcome got = run(tilt, spec.command, work);
  if (got.status == spec.exit_status && matches(spec.expected_stderr, got.err)) return 0;
  std::cout << "command: tilt";
  for (const auto& a : spec.command) std::cout << ' ' << a;
  std::cout << "\nexpected exit " << spec.exit_status << ", stderr:\n"
            << spec.expected_stderr << "got exit " << got.status << ", stderr:\n"
            << got.err;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_case(argc, argv);
  } catch (const std::exception& e) {
    std::cout << "bad_inputs runner: " << e.what() << "\n";
    return 2;
  }
}
