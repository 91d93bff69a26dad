"""Benchmark: `kg build` throughput against the spaCy parse alone, on synthetic stories.

Usage: python benchmarks/bench_build.py [--sizes 100,1000,5000] [--jobs 1,2]

For each N it writes N synthetic wire stories (benchmarks/synthetic.py), then measures in
separate processes (so peak RSS is per run): spaCy's ``nlp.pipe`` alone over the same
texts with the English pipeline exactly as spaCy loads it (the floor the issue names),
the same with the pipeline as diplokg tunes it (extract/model.py: same predictions, a
faster attribute ruler and lemmatizer, numpy's BLAS on one thread instead of blis), and
the whole ``kg build`` at each ``--jobs``.
The stock parse runs before and after the builds and the table gives the mean of the two.
Model load time is measured apart and excluded from the rates. Prints a Markdown table:
rates and the build/parse ratio in wall-clock time, and for --jobs 1 the ratio in CPU time
and the ratio to the tuned parse (what the build adds to its own parse).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_corpus  # noqa: E402


def _stock_model() -> object:
    import spacy

    from diplokg.extract.model import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no English spaCy pipeline installed")


def _parse_only(folder: str, which: str) -> dict[str, float]:
    from contextlib import nullcontext

    from diplokg.extract import load_model
    from diplokg.extract.model import one_blas_thread
    from diplokg.ingest.text import split_header

    t0 = time.perf_counter()
    nlp: Any = _stock_model() if which == "stock" else load_model(None)
    load = time.perf_counter() - t0
    paths = sorted(Path(folder).glob("*.txt"))
    t0, c0 = time.perf_counter(), time.process_time()
    texts = (split_header(p.read_text(encoding="utf-8"))[1] for p in paths)
    words = 0
    with one_blas_thread() if which == "tuned" else nullcontext():  # as the build parses
        for doc in nlp.pipe(texts, batch_size=16):
            words += len(doc)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "load_s": load,
        "seconds": seconds,
        "cpu_s": cpu,
        "articles": len(paths),
        "tokens": words,
    }


def _build(folder: str, out: str, jobs_arg: str) -> dict[str, float]:
    from diplokg.pipeline import BuildOptions, _extractor, build
    from diplokg.settings import Settings

    settings = Settings()
    jobs = int(jobs_arg)
    t0 = time.perf_counter()
    if jobs == 1:
        _extractor(settings)._load()  # model + gazetteer, measured apart
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    result = build([folder], BuildOptions(out=Path(out), settings=settings, jobs=jobs))
    seconds = time.perf_counter() - t0
    return {
        "load_s": load,
        "seconds": seconds,
        # this process's CPU time: the whole build at --jobs 1, only the parent's share above
        "cpu_s": time.process_time() - c0,
        "articles": len(result.outcomes),
        "built": result.count("built"),
    }


def _child(mode: str, *args: str) -> dict[str, float]:
    """Run one measurement in a fresh interpreter; adds its peak RSS (MiB)."""
    here = str(HERE)
    code = (
        f"import json, resource, sys; sys.path.insert(0, {here!r}); import bench_build as b; "
        f"r = b.{mode}(*sys.argv[1:]); "
        "r['rss_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "r['rss_children_mib'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
        "print(json.dumps(r))"
    )
    argv = [sys.executable, "-c", code, *args]
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"corpus-{n}"
            write_corpus(folder, n)
            parse = _child("_parse_only", str(folder), "stock")
            row = {"n": n, "parse": parse, "tuned": _child("_parse_only", str(folder), "tuned")}
            for jobs in jobs_list:
                out = Path(tmp) / f"out-{n}-{jobs}"
                row[f"build{jobs}"] = _child("_build", str(folder), str(out), str(jobs))
            # The stock parse again after the builds: this VM's speed drifts by ~10% over
            # minutes, and the mean of a parse before and after brackets the builds.
            row["parse_after"] = _child("_parse_only", str(folder), "stock")
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    import platform

    import spacy

    from diplokg.pipeline import _model_version

    print(
        f"spaCy {spacy.__version__}, {_model_version(None)}, Python {platform.python_version()}, "
        f"{platform.machine()}"
    )
    print(
        "| N | spaCy parse, stock (art/s) | spaCy parse, tuned (art/s) | "
        + " | ".join(
            f"build --jobs {j} (art/s) | build/stock parse time | peak RSS MiB" for j in jobs_list
        )
        + " | model load s | build/stock CPU time, --jobs 1 | build/tuned parse, --jobs 1 |"
    )
    print("|---" * (3 + 3 * len(jobs_list) + 3) + "|")
    for row in rows:
        parse, after = row["parse"], row["parse_after"]
        parse_seconds = (parse["seconds"] + after["seconds"]) / 2
        parse_cpu = (parse["cpu_s"] + after["cpu_s"]) / 2
        parse_rate = parse["articles"] / parse_seconds
        tuned_rate = row["tuned"]["articles"] / row["tuned"]["seconds"]
        cells = [str(row["n"]), f"{parse_rate:.1f}", f"{tuned_rate:.1f}"]
        for jobs in jobs_list:
            b = row[f"build{jobs}"]
            rate = b["articles"] / b["seconds"]
            rss = max(b["rss_mib"], b["rss_children_mib"])
            cells += [f"{rate:.1f}", f"{parse_rate / rate:.2f}", f"{rss:.0f}"]
        cells.append(f"{parse['load_s']:.2f}")
        # CPU time leaves out what a busy VM host takes from this one (steal), which moves
        # wall-clock rates by ~10% between processes here; only --jobs 1 runs in-process.
        build1 = row.get("build1")
        cells.append(f"{build1['cpu_s'] / parse_cpu:.2f}" if build1 else "-")
        cells.append(f"{build1['seconds'] / row['tuned']['seconds']:.2f}" if build1 else "-")
        print("| " + " | ".join(cells) + " |")
    _ = resource  # imported for the child processes' use of the same module


if __name__ == "__main__":
    main()
