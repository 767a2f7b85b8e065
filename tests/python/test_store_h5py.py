"""A tilt event store read the way a user would: h5py into a numpy structured array.

Run by ctest with Debian's python3 (python3-h5py). The blosc filter is found through HDF5's
default plugin folder, which Debian's hdf5-filter-plugin-blosc-serial installs into.
"""
import argparse
import os
import re
import subprocess
import sys

import h5py
import numpy as np


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tilt", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)

    for compression in ("blosc_lz4", "deflate", "none"):
        path = os.path.join(args.workdir, f"synth_{compression}.h5")
        subprocess.run([args.tilt, "synth", "-n", "100000", "--seed", "3", "--compression", compression,
                        "-o", path, "-q"], check=True)
        with h5py.File(path, "r") as f:
            ds = f["events"]
            events = ds[:]  # one numpy structured array with named fields
            attrs = dict(ds.attrs)
        assert events.dtype.names == ("exch_ts", "local_ts", "price", "qty", "kind", "side", "flags"), events.dtype
        assert events.dtype.itemsize == 32
        assert len(events) == 100000, len(events)
        assert attrs["schema_version"] == 1
        assert attrs["symbol"].decode() == "SYNTH"
        assert attrs["tick_size"].decode() == "0.01"
        assert attrs["compression"].decode() == compression

        # Structure that holds for any synthetic store: a snapshot first, time never going back,
        # local time after exchange time, sizes non-negative, only known kinds.
        assert events["kind"][0] == 3
        assert np.all(np.diff(events["exch_ts"]) >= 0)
        assert np.all(np.diff(events["local_ts"]) >= 0)
        assert np.all(events["local_ts"] >= events["exch_ts"])
        assert np.all(events["qty"] >= 0)
        assert set(np.unique(events["kind"])) <= {1, 2, 3, 4}

        # The counts tilt info prints must match what numpy counts in the same file.
        info = subprocess.run([args.tilt, "info", path], check=True, capture_output=True, text=True).stdout
        m = re.search(r"level ([\d,]+) \(bid ([\d,]+), ask ([\d,]+)\), trade ([\d,]+)", info)
        assert m, info
        level, bid, ask, trade = (int(g.replace(",", "")) for g in m.groups())
        assert level == int(np.sum(events["kind"] == 1))
        assert bid == int(np.sum((events["kind"] == 1) & (events["side"] == 0)))
        assert ask == int(np.sum((events["kind"] == 1) & (events["side"] == 1)))
        assert trade == int(np.sum(events["kind"] == 2))
        print(f"{compression}: {len(events)} events, {level} levels, {trade} trades: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
