"""Benchmark: `kg build` throughput against the spaCy parse alone, on synthetic stories.

Usage: python benchmarks/bench_build.py [--sizes 100,1000,5000] [--jobs 1,2]

For each N it writes N synthetic wire stories (benchmarks/synthetic.py), then measures in
separate processes (so peak RSS is per run): spaCy's ``nlp.pipe`` alone over the same
texts with the English pipeline exactly as spaCy loads it (the floor the issue names),
the same with the pipeline as diplokg tunes it (extract/model.py: same predictions, a
faster attribute ruler and lemmatizer, numpy's BLAS on one thread instead of blis), and
the whole ``kg build`` at each ``--jobs``.
Each size is measured in rounds (each kind once per round, until a kind has covered
--articles-per-measure articles, at most 5 rounds), the stock parse once more at the end;
the table gives medians.
Loading (model; for a build also the gazetteer and the shapes) is measured apart and left
out of the rates at --jobs 1; at --jobs N the workers' loads fall inside the rate. Prints
a Markdown table: median rates; the build/stock parse ratio in wall-clock time, each build
against the stock parses run just before and after it, median over rounds; for --jobs 1
the same ratio in CPU time and build/tuned parse in CPU time (what the build adds to its
own parse).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
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
        # Once per process, measured apart: the model, the gazetteer and the SHACL shapes.
        from diplokg.validation import validate_graph

        _extractor(settings)._load()
        validate_graph([])
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


def _paired(builds: list[dict[str, float]], parses: list[dict[str, float]], key: str) -> float:
    """Median over rounds of build / stock parse, each build against the parses around it.

    Round r's build ran between stock parse r (the round's first run) and r + 1 (the next
    round's first, or the last run): pairing keeps the VM's drift out of the ratio.
    """
    return statistics.median(
        b[key] / ((parses[r][key] + parses[r + 1][key]) / 2) for r, b in enumerate(builds)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument(
        "--articles-per-measure",
        type=int,
        default=2000,
        help="repeat a size's measurements until each covers this many articles (at most "
        "5 rounds); the table gives medians",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"corpus-{n}"
            write_corpus(folder, n)
            # This VM's speed drifts by ~10% over minutes and jitters over seconds: a small
            # N is measured in several rounds, each round running every kind in turn, and
            # the stock parse once more at the end so that it brackets the builds.
            rounds = max(1, min(5, -(-args.articles_per_measure // n)))
            rounds += 1 - rounds % 2  # odd: a median is then one of the measurements
            runs: dict[str, list[dict[str, float]]] = {}
            for r in range(rounds):
                runs.setdefault("parse", []).append(_child("_parse_only", str(folder), "stock"))
                runs.setdefault("tuned", []).append(_child("_parse_only", str(folder), "tuned"))
                for jobs in jobs_list:
                    out = Path(tmp) / f"out-{n}-{jobs}-{r}"
                    runs.setdefault(f"build{jobs}", []).append(
                        _child("_build", str(folder), str(out), str(jobs))
                    )
                    shutil.rmtree(out, ignore_errors=True)
            runs["parse"].append(_child("_parse_only", str(folder), "stock"))
            rows.append((n, rounds, runs))
            print(json.dumps({"n": n, "runs": runs}), file=sys.stderr)
    import platform

    import spacy

    from diplokg.pipeline import _model_version

    print(
        f"spaCy {spacy.__version__}, {_model_version(None)}, Python {platform.python_version()}, "
        f"{platform.machine()}"
    )
    print(
        "| N | rounds | spaCy parse, stock (art/s) | spaCy parse, tuned (art/s) | "
        + " | ".join(
            f"build --jobs {j} (art/s) | build/stock parse time | peak RSS MiB" for j in jobs_list
        )
        + " | build load s (model, gazetteer, shapes) | build/stock parse CPU time, --jobs 1 "
        "| build/tuned parse CPU time, --jobs 1 |"
    )
    print("|---" * (4 + 3 * len(jobs_list) + 3) + "|")
    for n, rounds, runs in rows:
        parse, tuned = runs["parse"], runs["tuned"]
        parse_seconds = statistics.median([m["seconds"] for m in parse])
        tuned_seconds = statistics.median([m["seconds"] for m in tuned])
        cells = [f"{n:,}", str(rounds), f"{n / parse_seconds:.1f}", f"{n / tuned_seconds:.1f}"]
        for jobs in jobs_list:
            builds = runs[f"build{jobs}"]
            seconds = statistics.median([b["seconds"] for b in builds])
            rss = max(max(b["rss_mib"], b["rss_children_mib"]) for b in builds)
            ratio = _paired(builds, parse, "seconds")
            cells += [f"{n / seconds:.1f}", f"{ratio:.2f}", f"{rss:.0f}"]
        builds1 = runs.get("build1")
        if builds1:
            cells.append(f"{statistics.median([b['load_s'] for b in builds1]):.2f}")
            # CPU time leaves out what a busy VM host takes from this one (steal), which
            # moves wall-clock rates by ~10% between processes here; only --jobs 1 runs in
            # the measuring process.
            cells.append(f"{_paired(builds1, parse, 'cpu_s'):.2f}")
            pairs = zip(builds1, tuned, strict=True)
            own = statistics.median([b["cpu_s"] / t["cpu_s"] for b, t in pairs])
            cells.append(f"{own:.2f}")
        else:
            cells += ["-", "-", "-"]
        print("| " + " | ".join(cells) + " |")
    _ = resource  # imported for the child processes' use of the same module


if __name__ == "__main__":
    main()
