"""Time the ingest of the source documents (graph/sources): reading, splitting, header,
structure, obligations and RDF, with the gazetteer load reported separately.

    python benchmarks/ingest_speed.py [--repeat N] [FILES...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from policykg import resources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or sorted(resources.sources_dir().glob("*.txt"))

    started = time.perf_counter()
    from policykg.gazetteer import Gazetteer
    from policykg.ingest import ingest_paths, parse_file
    from policykg.ingest.rdf import serialize_turtle

    gazetteer = Gazetteer.load()
    load = time.perf_counter() - started

    parse_times, total_times, cpu_times = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for path in files:
            parse_file(path, gazetteer)
        t1 = time.perf_counter()
        c1 = time.process_time()
        result = ingest_paths(files, gazetteer)
        serialize_turtle(result.graph)
        t2 = time.perf_counter()
        cpu_times.append(time.process_time() - c1)
        parse_times.append(t1 - t0)
        total_times.append(t2 - t1)

    print(f"files: {len(files)}  documents: {len(result.documents)}  "
          f"obligations: {len(result.obligations)}  triples: {len(result.graph)}")
    print(f"imports + gazetteer load (once): {load:.2f} s")
    parse, total = statistics.median(parse_times), statistics.median(total_times)
    print(f"parse only (read, split, header, structure): median {parse:.3f} s")
    print(f"full ingest + Turtle serialisation:          median {total:.3f} s"
          f"  (min {min(total_times):.3f}, max {max(total_times):.3f}, n={args.repeat})")
    cpu = statistics.median(cpu_times)
    print(f"full ingest CPU time (this process only):    median {cpu:.3f} s")
    print(f"cold total (load + one full ingest):         {load + total_times[0]:.2f} s")


if __name__ == "__main__":
    main()
