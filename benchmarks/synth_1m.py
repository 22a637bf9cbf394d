"""Benchmark: `stalkscreen synth` for 1,000,000 crimes as Parquet (target: under 120 s).

    python benchmarks/synth_1m.py [OUT_DIR] [--crimes N]

Runs the CLI as a subprocess and prints one JSON line, then a readable line. Peak memory is the
child's maximum resident set size (getrusage RUSAGE_CHILDREN)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="output directory (default: a temporary one, removed after)")
    parser.add_argument("--crimes", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="synth_1m_") as tmp:
        out = Path(args.out or tmp)
        command = [sys.executable, "-m", "stalkscreen.cli.main", "synth", "--crimes", str(args.crimes), "--seed", "1",
                   "--format", "parquet", "--out", str(out)]
        started = time.perf_counter()
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL if os.environ.get("QUIET") else None)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        size_mb = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
    result = {"benchmark": "synth_1m", "crimes": args.crimes, "seconds": round(seconds, 1),
              "crimes_per_second": round(args.crimes / seconds), "peak_rss_mb": round(peak_mb),
              "output_mb": round(size_mb), "cpus": os.cpu_count()}
    print(json.dumps(result))
    print(f"synth {args.crimes:,} crimes (parquet): {seconds:.1f} s, {args.crimes / seconds:,.0f} crimes/s, "
          f"peak RSS {peak_mb:,.0f} MB, {size_mb:,.0f} MB written")


if __name__ == "__main__":
    main()
