"""sweep.html opened in headless Chromium: every chart (objective against each swept parameter, and
the heatmap over two of them) drew on a canvas of non-zero size, no script error, no console message,
no network request; the page is self-contained. A control copy with an external image and one with a
broken script must be caught by the same checks. Uses the helpers of test_report_browser.py.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_report_browser import chromium, find_chromium, static_problems  # noqa: E402

SWEEP = """\
base:
  data:
    store: {store}
    synthetic: {{events: 100000, seed: 9, levels: 10, imbalance_strength: 0.6}}
  signals: [{{type: queue_imbalance}}]
  strategy: {{name: imbalance_market_maker}}
space:
  grid:
    strategy.params.imbalance_skew_ticks: [0, 1, 2]
    strategy.params.half_spread_ticks: [0.5, 1, 2]
  zip:
    latency.entry: [100us, 1ms]
objective: {{metric: pnl/max_abs_inventory, direction: maximize}}
keep_top: 1
"""

EXPECTED = ["chart-param-0", "chart-param-1", "chart-param-2", "heatmap"]


def status_of(browser: str, workdir: str, page: str) -> tuple:
    result = chromium(browser, workdir, "file://" + os.path.abspath(page),
                      ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom"])
    assert result.returncode == 0, result.stderr[-2000:]
    start = result.stdout.find('<pre id="render-status">')
    end = result.stdout.find("</pre>", start)
    assert start >= 0 and end > start, "no render-status in the DOM"
    import html
    text = html.unescape(result.stdout[start + len('<pre id="render-status">'):end])
    status = json.loads(text) if text else {"charts": {}, "errors": ["empty status"]}
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return status, console


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tilt", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    browser = find_chromium()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    config = os.path.join(args.workdir, "sweep.yaml")
    with open(config, "w") as f:
        f.write(SWEEP.format(store=os.path.join(args.workdir, "data.h5")))
    out = os.path.join(args.workdir, "sweep")
    subprocess.run([args.tilt, "sweep", config, "-o", out, "-q", "-j", "2"], check=True, timeout=300)
    page_path = os.path.join(out, "sweep.html")
    page = open(page_path, encoding="utf-8").read()
    assert not static_problems(page), static_problems(page)

    status, console = status_of(browser, args.workdir, page_path)
    print("sweep.html:", json.dumps(status))
    assert status["errors"] == [], status["errors"]
    assert sorted(status["charts"]) == EXPECTED, sorted(status["charts"])
    for name, chart in status["charts"].items():
        assert chart["width"] > 0 and chart["height"] > 0, (name, chart)
    assert status["charts"]["chart-param-0"]["points"] > 0, "no run has an objective"
    assert not console, console

    # Controls: the checks see an external request and a script error.
    leaky = page.replace("<body>", '<body><img src="https://example.com/x.png" alt="">', 1)
    assert static_problems(leaky), "static check missed an external image"
    broken = os.path.join(args.workdir, "broken.html")
    with open(broken, "w", encoding="utf-8") as f:
        f.write(page.replace("D.parameters.forEach((_, i) => scatter(i));", "scatter(undefined.x);", 1))
    bad, _ = status_of(browser, args.workdir, broken)
    assert bad["errors"], f"a script error went unnoticed: {bad}"
    print("controls caught:", bad["errors"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
