"""tilt study's three outputs as a user meets them: study.h5 read with h5py (named columns), the
numbers checked against numpy on the same rows, and study.html rendered in headless Chromium with
every chart drawn, no script error and no network request (the same checks as the run report).

Run by ctest with Debian's python3; Chromium is Debian's `chromium` (scripts/setup installs it).
"""
import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

CONFIG = """\
data:
  store: {store}
  synthetic: {{events: 200000, seed: 5, levels: 10, imbalance_strength: 0.6}}
signals:
  - {{type: queue_imbalance}}
  - {{type: ofi, levels: 1, window: 100ms, normalized: true, name: ofi_100ms}}
  - {{type: micro_price}}
horizons: [1, 10, 100ms]
statistics: {{warmup_samples: 2000}}
cks: {{interval: 1s, window: 10s}}
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars",
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("FAIL: chromium is not installed (scripts/setup installs Debian's chromium package)")


def rendered_status(browser: str, workdir: str, page: str) -> tuple:
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=workdir)
    try:
        result = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                                 "--v=0", "--virtual-time-budget=5000", "--dump-dom", "file://" + os.path.abspath(page)],
                                capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, f"chromium failed ({result.returncode}): {result.stderr[-2000:]}"
    m = re.search(r'<pre id="render-status">(.*?)</pre>', result.stdout, flags=re.S)
    assert m, "no render-status element in the dumped DOM"
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return json.loads(html.unescape(m.group(1))), console


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tilt", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    config = os.path.join(args.workdir, "study_small.yaml")
    out = os.path.join(args.workdir, "study")
    with open(config, "w") as f:
        f.write(CONFIG.format(store=os.path.join(args.workdir, "synthetic_200k.h5")))
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([args.tilt, "study", config, "-o", out, "-q"], check=True, timeout=300)

    # 1. study.json and study.h5 hold the same results; h5 tables have named columns.
    with open(os.path.join(out, "study.json")) as f:
        summary = json.load(f)
    with h5py.File(os.path.join(out, "study.h5"), "r") as h5:
        pred = h5["predictive"][:]
        buckets = h5["buckets"][:]
        cks = h5["cks_intervals"][:]
        micro = h5["micro_price"][:]
        assert h5["predictive"].attrs["unit.slope"] in (b"ticks per signal unit", "ticks per signal unit")
    assert {"signal", "horizon", "samples", "hit_rate", "ic_pearson", "ic_spearman", "r_squared"} <= set(pred.dtype.names)
    assert len(pred) == 9 and len(buckets) == 9 * 10, (len(pred), len(buckets))
    for row, js in zip(pred, summary["predictive"]):
        assert row["signal"].decode() == js["signal"] and row["horizon"].decode() == js["horizon"]
        assert row["samples"] == js["samples"]
        assert np.isclose(row["ic_pearson"], js["ic_pearson"], rtol=1e-12)
        # The bucket counts add up to the samples of their row.
        mine = buckets[(buckets["signal"] == row["signal"]) & (buckets["horizon"] == row["horizon"])]
        assert mine["samples"].sum() == row["samples"]
        # The mean move is the count-weighted mean of the bucket means.
        filled = mine["samples"] > 0
        weighted = np.sum(mine["mean_move"][filled] * mine["samples"][filled]) / row["samples"]
        assert np.isclose(weighted, row["mean_move"], rtol=1e-9, atol=1e-12), (weighted, row["mean_move"])

    # 2. The CKS regression against numpy on the intervals table.
    x, y = cks["ofi"], cks["mid_change"]
    slope, intercept = np.polyfit(x, y, 1)
    r2 = np.corrcoef(x, y)[0, 1] ** 2
    assert np.isclose(summary["cks"]["slope_ticks_per_lot"], slope, rtol=1e-9), (summary["cks"], slope)
    assert np.isclose(summary["cks"]["intercept_ticks"], intercept, rtol=1e-6, atol=1e-12)
    assert np.isclose(summary["cks"]["r_squared"], r2, rtol=1e-9)
    assert summary["cks"]["intervals"] == len(cks)
    # The micro-price table is antisymmetric and rises with the bid's share.
    table = np.array(summary["micro_price"]["table"])
    assert np.allclose(table, -table[::-1]) and table[-1] > table[0]
    assert len(micro) == summary["micro_price"]["buckets"] * summary["micro_price"]["max_spread_ticks"]

    # 3. study.html is self-contained and renders in Chromium.
    page_path = os.path.join(out, "study.html")
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    assert not re.findall(r"""\s(?:src|href)\s*=""", page), "study.html loads outside resources"
    outside_licence = re.sub(r"/\*!.*?\*/", "", page, flags=re.S)
    assert not re.findall(r"https?://", outside_licence), "study.html holds a URL"
    browser = find_chromium()
    status, console = rendered_status(browser, args.workdir, page_path)
    print(f"study.html: {len(page.encode()):,} bytes; charts: {sorted(status['charts'])}")
    expected = {"chart-ic", "chart-hit", "chart-cks", "chart-micro", "chart-bucket-0", "chart-bucket-1", "chart-bucket-2"}
    assert status["state"] == "rendered", status
    assert status["errors"] == [], status["errors"]
    assert set(status["charts"]) == expected, sorted(status["charts"])
    for name, chart in status["charts"].items():
        assert chart["drawn"] and chart["width"] > 0 and chart["height"] > 0, (name, chart)
    assert status["ok"] is True
    assert not console, console

    # The check catches a page that reaches out to the network.
    leaky_path = os.path.join(args.workdir, "leaky_study.html")
    with open(leaky_path, "w", encoding="utf-8") as f:
        f.write(page.replace("<main>", '<main><img src="https://example.com/x.png" alt="">', 1))
    leaky, _ = rendered_status(browser, args.workdir, leaky_path)
    assert leaky["ok"] is False and any("example.com" in e for e in leaky["errors"]), leaky

    # A screenshot to look at.
    shot = os.path.join(args.workdir, "study.png")
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=args.workdir)
    try:
        subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                        "--window-size=1400,2600", f"--screenshot={shot}", "file://" + os.path.abspath(page_path)],
                       capture_output=True, timeout=60, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print(f"screenshot: {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
