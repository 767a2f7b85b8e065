"""strategies/examples/grid_trader, built against the installed tilt, runs its shipped config in the
installed tilt (empty environment, started from "/": the config's relative paths resolve against
the config file). Checks what the strategy promises against the run's own records: a recenter per
refresh interval, cancels sent as orders.cancel_requests, the inventory limit as seen by the
accountant, one run.log line per fill it was told about, and its metrics in summary.json and the
report."""
import argparse
import json
import os
import shutil
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--example", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    for key in ("prefix", "plugin", "example", "workdir"):  # tilt runs from "/": every path absolute
        setattr(a, key, os.path.abspath(getattr(a, key)))
    shutil.rmtree(a.workdir, ignore_errors=True)
    example = os.path.join(a.workdir, "grid_trader")
    os.makedirs(os.path.join(example, "build"))
    shutil.copy(os.path.join(a.example, "grid_trader.yaml"), example)
    shutil.copy(a.plugin, os.path.join(example, "build"))
    out = os.path.join(a.workdir, "run")
    tilt = os.path.join(a.prefix, "bin", "tilt")
    p = subprocess.run([tilt, "run", os.path.join(example, "grid_trader.yaml"), "-o", out, "-q"],
                       capture_output=True, text=True, env={}, cwd="/")
    assert p.returncode == 0, p.stdout + p.stderr

    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    assert s["status"] == "ok" and s["strategy"] == "grid_trader", s
    m = s["metrics"]
    # One recenter per 50 ms refresh over the data's span (the first fires 50 ms after the start).
    intervals = s["data"]["span_seconds"] / 0.050
    assert intervals - 2 <= m["grid_recenters"] <= intervals + 1, (m, s["data"])
    assert m["grid_quotes"] > 0 and m["grid_cancels"] > 0 and m["grid_fills"] > 0, m
    assert m["grid_cancels"] == s["orders"]["cancel_requests"], (m, s["orders"])
    assert m["grid_quotes"] == s["orders"]["submitted"], (m, s["orders"])
    assert m["grid_fills"] <= s["fills"], (m, s["fills"])
    # Never beyond max_position lots (lot size 1 in the synthetic store), by the accountant.
    lot = float(s["instrument"]["lot_size"])
    assert s["max_abs_inventory"] <= m["grid_max_position"] * lot, (s["max_abs_inventory"], m)
    assert s["strategy_log"]["dropped"] == 0, s["strategy_log"]

    with open(os.path.join(out, "run.log")) as f:
        log = f.read()
    fill_lines = [l for l in log.splitlines() if l.startswith("strategy ") and " info fill " in l]
    assert len(fill_lines) == m["grid_fills"], (len(fill_lines), m["grid_fills"])
    assert " info grid: 3 levels every 1 ticks" in log, log[:500]

    with open(os.path.join(out, "report.html")) as f:
        assert "grid_recenters" in f.read(), "metrics missing from report.html"
    print(f"grid_trader: {int(m['grid_recenters'])} recenters, {int(m['grid_quotes'])} quotes, "
          f"{int(m['grid_cancels'])} cancels, {int(m['grid_fills'])} fills, "
          f"max |inventory| {s['max_abs_inventory']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
