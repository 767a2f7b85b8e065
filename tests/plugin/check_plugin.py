"""The plugin template, built outside tilt's tree against the installed tilt (Release by default),
runs a backtest in the *installed* tilt started with an empty environment (no LD_LIBRARY_PATH), also
after the installed tree was moved to another prefix; and each way a plugin can be wrong gives one
clear error naming the library and the strategy."""
import argparse
import json
import os
import shutil
import subprocess
import sys

import h5py

CONFIG = """
data:
  store: {workdir}/synthetic.h5
  synthetic: {{events: 100000, seed: 11}}
signals:
  - {{type: queue_imbalance}}
strategy:
  plugin: {plugin}
  name: {name}
  params: {params}
"""


def run(tilt, workdir, tag, plugin, name="my_strategy", params="{threshold: 0.3, size: 1, max_position: 3}"):
    # The config sits in its own folder and names the plugin relative to it; tilt runs from "/".
    config_dir = os.path.join(workdir, "configs")
    os.makedirs(config_dir, exist_ok=True)
    config = os.path.join(config_dir, f"{tag}.yaml")
    plugin_in_config = os.path.relpath(plugin, config_dir) if os.path.isabs(plugin) else plugin
    with open(config, "w") as f:
        f.write(CONFIG.format(workdir=workdir, plugin=plugin_in_config, name=name, params=params))
    out = os.path.join(workdir, tag)
    p = subprocess.run([tilt, "run", config, "-o", out, "-q"], capture_output=True, text=True,
                       env={}, cwd="/")
    return p.returncode, p.stdout + p.stderr, out


def expect_error(result, *fragments):
    code, output, _ = result
    assert code == 1, (code, output)
    lines = [l for l in output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("tilt: error: "), output
    for fragment in fragments:
        assert fragment in output, (fragment, output)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True, help="where tilt was installed")
    ap.add_argument("--plugin-build", required=True, help="the template's build folder")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--bad-abi-plugin", required=True)
    ap.add_argument("--probe-plugin", required=True, help="tests/plugin/api_probe_plugin.cpp")
    ap.add_argument("--not-a-plugin", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    for key in ("prefix", "plugin_build", "plugin", "bad_abi_plugin", "probe_plugin", "not_a_plugin", "workdir"):  # tilt runs from "/": every path absolute
        setattr(a, key, os.path.abspath(getattr(a, key)))
    os.makedirs(a.workdir, exist_ok=True)
    a.tilt = os.path.join(a.prefix, "bin", "tilt")

    # The template builds Release when no build type is given.
    with open(os.path.join(a.plugin_build, "CMakeCache.txt")) as f:
        assert "CMAKE_BUILD_TYPE:STRING=Release" in f.read(), "template did not default to Release"

    # The installed tilt starts with no environment at all, from its prefix and from a moved copy.
    moved = os.path.join(a.workdir, "moved_prefix")
    shutil.rmtree(moved, ignore_errors=True)
    shutil.copytree(a.prefix, moved, symlinks=True)
    for tilt in (a.tilt, os.path.join(moved, "bin", "tilt")):
        p = subprocess.run([tilt, "--version"], capture_output=True, text=True, env={}, cwd="/")
        assert p.returncode == 0 and p.stdout.startswith("tilt "), (tilt, p.returncode, p.stdout, p.stderr)

    code, output, out = run(a.tilt, a.workdir, "ok", a.plugin)
    assert code == 0, output
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    assert summary["status"] == "ok" and summary["plugin"] == a.plugin, summary
    assert summary["strategy"] == "my_strategy"
    assert summary["fills"] > 0 and summary["orders"]["submitted"] > 0, summary
    with open(os.path.join(out, "config.resolved.yaml")) as f:
        resolved = f.read()
    assert "threshold: 0.3" in resolved and "fail_on_fill: false" in resolved, resolved

    # A plugin's required signal, log lines and metrics through `tilt run` (api_probe_plugin.cpp).
    code, output, out = run(a.tilt, a.workdir, "probe", a.probe_plugin, name="api_probe", params="{}")
    assert code == 0, output
    with open(os.path.join(out, "summary.json")) as f:
        probe = json.load(f)
    assert "qi_req" in probe["signals"], probe["signals"]  # required, not in the YAML
    assert probe["metrics"]["tick_size"] == float(probe["instrument"]["tick_size"]), probe["metrics"]
    # on_start found it by name (it would have thrown otherwise); the timers ran as in the gtest.
    assert "qi_by_name" in probe["metrics"] and probe["metrics"]["repeat_fires"] == 3, probe["metrics"]
    with open(os.path.join(out, "run.log")) as f:
        log = f.read()
    assert " info update accepted id=1 tag=42\n" in log and " warning done\n" in log, log
    assert probe["strategy_log"]["lines"] == len([l for l in log.splitlines() if l.startswith("strategy ")])
    with open(os.path.join(out, "report.html")) as f:
        assert "repeat_fires" in f.read(), "metrics missing from report.html"

    missing = os.path.join(a.workdir, "libmissing.so")
    expect_error(run(a.tilt, a.workdir, "missing", missing),
                 f"plugin {missing}, strategy 'my_strategy': no such file")
    expect_error(run(a.tilt, a.workdir, "nosymbol", a.not_a_plugin),
                 f"plugin {a.not_a_plugin}, strategy 'my_strategy': not a tilt plugin: symbol tilt_plugin_abi_tag is missing")
    expect_error(run(a.tilt, a.workdir, "abi", a.bad_abi_plugin),
                 f"plugin {a.bad_abi_plugin}, strategy 'my_strategy': built against tilt 0.0.1 "
                 "(strategy ABI tag 0x00000000000003e7), this is tilt ",
                 "rebuild the plugin")
    expect_error(run(a.tilt, a.workdir, "name", a.plugin, name="other"),
                 f"plugin {a.plugin}, strategy 'other': the library offers no such strategy; it offers: my_strategy")
    expect_error(run(a.tilt, a.workdir, "param", a.plugin, params="{threshold: 0.3, sise: 2}"),
                 "strategy.params.sise: expected one of", "got 'sise'")

    # An exception inside a callback: the run stops, outputs are written and marked failed.
    code, output, out = run(a.tilt, a.workdir, "throws", a.plugin,
                            params="{threshold: 0.3, size: 1, max_position: 3, fail_on_fill: true}")
    expect_error((code, output, out), f"plugin {a.plugin}, strategy 'my_strategy': on_order_update threw: "
                                      "fail_on_fill is set: failing on purpose at the first fill")
    with open(os.path.join(out, "summary.json")) as f:
        failed = json.load(f)
    assert failed["status"] == "failed" and "on_order_update threw" in failed["error"], failed
    with h5py.File(os.path.join(out, "results.h5"), "r") as f:
        assert f.attrs["status"].decode() == "failed"
    print("plugin: ok run, probe run and 6 failure cases checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
