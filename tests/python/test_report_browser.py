"""report.html opened in a real browser: headless Chromium renders every chart, logs no error and
makes no network request.

Run by ctest with Debian's python3. Chromium is Debian's `chromium`, which scripts/setup installs:
without it this test fails (it does not skip). Steps:
  1. tilt run on a small synthetic config (200,000 events) writes the run folder with report.html;
     tilt report regenerates it byte for byte.
  2. The HTML is self-contained: no src/href attributes, no http(s) URL outside the vendored
     library's /*! licence */ comments.
  3. chromium --dump-dom with every host name unresolvable: the page's own <pre id="render-status">
     (JSON written by the page script) must say every chart drew a canvas of non-zero size and no
     script error, failed load or console.error happened; Chromium's log must hold no console message.
  4. A control copy of the report with one external image must be caught by the same checks, so
     the checks are known to work.
  5. A screenshot (1400 × 3000) is saved in the work folder under the build tree.
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
import time

CHARTS = ["chart-equity", "chart-drawdown", "chart-mid", "chart-inventory", "chart-markout", "chart-pnl",
          "chart-signal"]

CONFIG = """\
data:
  store: {store}
  synthetic: {{events: 200000, seed: 7, levels: 10, imbalance_strength: 0.6}}
instrument: {{maker_fee: -0.00002, taker_fee: 0.0001, fee_basis: notional}}
latency: {{model: constant, entry: 250us, response: 250us, feed: data}}
matching: {{queue_model: risk_averse, partial_fills: true}}
signals:
  - {{type: queue_imbalance}}
  - {{type: depth_imbalance, levels: 5, weights: exponential, name: depth5}}
  - {{type: ofi, levels: 1, window: 100ms, normalized: true, name: ofi_100ms}}
strategy:
  name: imbalance_market_maker
  params: {{signal: queue_imbalance, half_spread_ticks: 1.0, size: 1, max_position: 10,
           imbalance_skew_ticks: 2.0, inventory_skew_ticks: 1.0, requote_ticks: 1}}
output:
  sample_interval: 100ms
  signal_sample_interval: 50ms
  markout_horizons: [100ms, 1s, 5s]
seed: 7
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars",
                  # Any host name fails to resolve: a request to the network cannot succeed unseen.
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("FAIL: chromium is not installed (scripts/setup installs Debian's chromium package)")


def chromium(browser: str, workdir: str, url: str, extra: list) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=workdir)  # fresh profile every time
    try:
        return subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def static_problems(page: str) -> list:
    """Anything in the HTML that would make the browser fetch from elsewhere."""
    problems = []
    for m in re.finditer(r"""\s(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page):
        problems.append(f"attribute loads {m.group(1)!r}")
    outside_licence = re.sub(r"/\*!.*?\*/", "", page, flags=re.S)
    for m in re.finditer(r"https?://[^\s\"'<>)]*", outside_licence):
        problems.append(f"URL {m.group(0)}")
    return problems


def render_status(browser: str, workdir: str, report: str) -> tuple:
    """(status JSON written by the page, console lines in Chromium's log, seconds taken)."""
    start = time.monotonic()
    result = chromium(browser, workdir, "file://" + os.path.abspath(report),
                      ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom"])
    seconds = time.monotonic() - start
    assert result.returncode == 0, f"chromium failed ({result.returncode}): {result.stderr[-2000:]}"
    m = re.search(r'<pre id="render-status">(.*?)</pre>', result.stdout, flags=re.S)
    assert m, "no render-status element in the dumped DOM:\n" + result.stdout[:2000]
    status = json.loads(html.unescape(m.group(1)))
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert result.stdout.count("<canvas") >= len(CHARTS), "fewer canvases than charts in the DOM"
    return status, console, seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tilt", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    browser = find_chromium()
    os.makedirs(args.workdir, exist_ok=True)

    # 1. A small backtest; its run folder holds report.html, and tilt report rewrites it identically.
    config = os.path.join(args.workdir, "report_small.yaml")
    run_dir = os.path.join(args.workdir, "run")
    with open(config, "w") as f:
        f.write(CONFIG.format(store=os.path.join(args.workdir, "synthetic_200k.h5")))
    shutil.rmtree(run_dir, ignore_errors=True)
    subprocess.run([args.tilt, "run", config, "-o", run_dir, "-q"], check=True, timeout=120)
    report = os.path.join(run_dir, "report.html")
    assert os.path.isfile(report), "tilt run wrote no report.html"
    with open(report, encoding="utf-8") as f:
        page = f.read()
    os.remove(report)
    subprocess.run([args.tilt, "report", run_dir, "-q"], check=True, timeout=60)
    with open(report, encoding="utf-8") as f:
        assert f.read() == page, "tilt report wrote a different report.html than tilt run"
    print(f"report.html: {len(page.encode()):,} bytes")

    # 2. Self-contained.
    problems = static_problems(page)
    assert not problems, f"report.html refers to outside resources: {problems}"

    # 3. Rendered in Chromium: every chart drew, nothing went wrong, nothing was logged.
    status, console, seconds = render_status(browser, args.workdir, report)
    print(f"chromium rendered it in {seconds:.2f} s: {json.dumps(status['charts'])}")
    assert status["state"] == "rendered", status
    assert status["errors"] == [], f"errors in the page: {status['errors']}"
    assert sorted(status["charts"]) == sorted(CHARTS), f"charts drawn: {sorted(status['charts'])}"
    for name, chart in status["charts"].items():
        assert chart["drawn"], f"{name} never drew"
        assert chart["width"] > 0 and chart["height"] > 0, f"{name} canvas is {chart['width']}x{chart['height']}"
    assert status["ok"] is True, status
    assert not console, f"console messages: {console}"

    # 4. The checks catch a report that reaches out to the network.
    control = os.path.join(args.workdir, "control_report.html")
    leaky = page.replace("<main>", '<main><img src="https://example.com/pixel.png" alt="">', 1)
    with open(control, "w", encoding="utf-8") as f:
        f.write(leaky)
    assert static_problems(leaky), "the static check missed an external image"
    control_status, _, _ = render_status(browser, args.workdir, control)
    assert any("example.com" in e for e in control_status["errors"]), \
        f"the browser check missed a failed request: {control_status}"
    assert control_status["ok"] is False

    # 5. A screenshot to look at.
    screenshot = os.path.join(args.workdir, "report.png")
    if os.path.exists(screenshot):
        os.remove(screenshot)
    result = chromium(browser, args.workdir, "file://" + os.path.abspath(report),
                      ["--virtual-time-budget=5000", "--window-size=1400,3000", f"--screenshot={screenshot}"])
    assert result.returncode == 0, result.stderr[-2000:]
    with open(screenshot, "rb") as f:
        png = f.read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000, f"bad screenshot ({len(png)} bytes)"
    print(f"screenshot: {screenshot} ({len(png):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
