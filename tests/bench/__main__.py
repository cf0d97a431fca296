"""`make bench`: runs every tests/bench/bench_*.py module's main() and prints its figures.

Each benchmark sets up its own database (a fresh SQLite file unless DATABASE_URL is set)
and prints plain lines "name: value unit", so the figures can be read and compared.
Run a single one with `make bench BENCH=related` (the part after "bench_").
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def main():
    wanted = os.environ.get("BENCH", "")
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if wanted:
        names = [n for n in names if n == f"bench_{wanted}"]
    if not names:
        print("Keine Benchmarks gefunden.", file=sys.stderr)
        return 1
    for name in names:
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"tests.bench.{name}").main()
        print(f"({name}: {time.perf_counter() - started:.1f} s insgesamt)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
