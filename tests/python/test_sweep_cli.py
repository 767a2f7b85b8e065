"""tilt sweep from the command line, the ways a user runs it.

  1. A sweep killed with SIGKILL part-way, then rerun on its folder, ends with the same results.csv as
     an uninterrupted sweep; its journal holds every run exactly once.
  2. The same sweep on 1 thread, 2 threads and 3 MPI ranks (mpirun --oversubscribe -n 3 on loopback)
     gives the same results.csv byte for byte (rows sorted by id).
  3. A different sweep config on an existing folder is refused with a clear error (exit 1).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

SWEEP = """\
base:
  data:
    store: {store}
    synthetic: {{events: 300000, seed: 3, levels: 10, imbalance_strength: 0.6}}
  signals: [{{type: queue_imbalance}}]
  strategy: {{name: imbalance_market_maker, params: {{max_position: 5}}}}
  output: {{sample_interval: 100ms}}
space:
  grid:
    strategy.params.imbalance_skew_ticks: {{from: 0, to: 2.5, step: 0.5}}
    strategy.params.half_spread_ticks: [0.5, 1, 2, {last_spread}]
objective: {{metric: pnl, direction: maximize}}
keep_top: 2
"""


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def journal_lines(folder: str) -> list:
    path = os.path.join(folder, "journal.jsonl")
    if not os.path.exists(path):
        return []
    return [line for line in read(path).split("\n") if line]


def sweep(tilt: str, config: str, out: str, *extra, env=None, launcher=()) -> subprocess.CompletedProcess:
    return subprocess.run([*launcher, tilt, "sweep", config, "-o", out, "-q", *extra], capture_output=True,
                          text=True, timeout=600, env=env)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tilt", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    config = os.path.join(args.workdir, "sweep.yaml")
    with open(config, "w") as f:
        f.write(SWEEP.format(store=os.path.join(args.workdir, "data.h5"), last_spread=3))

    # The uninterrupted reference, on one thread.
    one = os.path.join(args.workdir, "one_thread")
    r = sweep(args.tilt, config, one, "-j", "1")
    assert r.returncode == 0, r.stderr
    reference = read(os.path.join(one, "results.csv"))
    assert reference.count("\n") == 25, f"expected header + 24 rows:\n{reference[:500]}"

    # 1. SIGKILL part-way (one run per unit so the journal grows run by run), then resume.
    killed = os.path.join(args.workdir, "killed")
    proc = subprocess.Popen([args.tilt, "sweep", config, "-o", killed, "-q", "-j", "1", "--max-group", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(journal_lines(killed)) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(journal_lines(killed))
    assert 4 <= done_before < 24, f"the sweep was not killed part-way ({done_before} of 24 runs journaled)"
    assert not os.path.exists(os.path.join(killed, "results.csv")), "a killed sweep wrote results.csv"
    r = sweep(args.tilt, config, killed, "-j", "2")
    assert r.returncode == 0, r.stderr
    assert read(os.path.join(killed, "results.csv")) == reference, "resumed table differs from uninterrupted"
    ids = [line.split('"id":"')[1].split('"')[0] for line in journal_lines(killed)]
    assert len(ids) == 24 and len(set(ids)) == 24, f"journal has {len(ids)} rows, {len(set(ids))} ids"
    print(f"killed after {done_before} runs, resumed: table identical, 24 runs journaled once each")

    # 2. Two threads and three MPI ranks.
    two = os.path.join(args.workdir, "two_threads")
    r = sweep(args.tilt, config, two, "-j", "2")
    assert r.returncode == 0, r.stderr
    assert read(os.path.join(two, "results.csv")) == reference, "2 threads differ from 1"
    mpirun = shutil.which("mpirun")
    assert mpirun, "mpirun is not installed (scripts/setup installs openmpi-bin)"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,tcp", OMPI_MCA_btl_tcp_if_include="lo")
    # In the sanitizer tree LeakSanitizer reports Open MPI's own allocations (some in plugins it has
    # unloaded, so they cannot be suppressed by name); tilt's code is leak-checked by the thread runs.
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    ranks = os.path.join(args.workdir, "three_ranks")
    r = sweep(args.tilt, config, ranks, env=env, launcher=(mpirun, "--oversubscribe", "-n", "3"))
    assert r.returncode == 0, f"mpirun failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    assert read(os.path.join(ranks, "results.csv")) == reference, "3 MPI ranks differ from 1 thread"
    assert len(os.listdir(os.path.join(ranks, "top"))) == 2
    print("1 thread, 2 threads and 3 MPI ranks: results.csv identical")

    # 3. Another config on the same folder.
    other = os.path.join(args.workdir, "other.yaml")
    with open(other, "w") as f:
        f.write(SWEEP.format(store=os.path.join(args.workdir, "data.h5"), last_spread=4))
    r = sweep(args.tilt, other, one)
    assert r.returncode == 1 and "holds a sweep of another config" in r.stderr, (r.returncode, r.stderr)
    print("changed config on an old folder: refused:", r.stderr.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
