"""Benchmark the pipeline against plain NLTK on corpora of growing size, in one run.

For each size (words), a corpus of ~800-word texts is built from the sample
texts' paragraphs (:mod:`corpora`), then each of these runs in a fresh
process and is measured by the operating system (``os.wait4``: CPU time,
peak resident memory) and by the wall clock:

=================  ==========================================================
``nltk``           plain NLTK: untrained Punkt + NLTKWordTokenizer, CSV rows
``tokens``         ``python -m analysis tokens DIR -o out.csv --no-cache``
``tokens -j2``     the same with two jobs
``cache cold``     with an empty cache (it is filled)
``cache warm``     again: every document comes from the cache
``dictionary``     ``python -m analysis code DIR --coder dictionary --no-cache``
=================  ==========================================================

Ratios are taken within the run (the machine may be shared: CPU time is
the steadier measure; the two-job speed-up needs wall time). Then the
pathological cleaning inputs are timed at n and 2n characters.

Usage::

    python benchmarks/run.py                   # 100k and 1M words
    python benchmarks/run.py --sizes 100000 1000000 10000000
    python benchmarks/run.py --only-patho
    python benchmarks/run.py --sizes 10000000 --quick   # plain NLTK and tokens only
    python benchmarks/run.py --sizes 1000000 --repeat 3 # commands take turns; median of three
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; return wall and CPU seconds and peak memory (MB) of the process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def _median(runs: list[dict]) -> dict:
    """The run with the median wall time (the machine may be shared: one slow run does not decide)."""
    return sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]


def bench_size(words: int, work: Path, jobs: int, quick: bool = False, repeat: int = 1) -> dict:
    """Measure every command on one corpus size; with ``repeat`` > 1 the commands take turns,
    ``repeat`` rounds, and each keeps its median run."""
    from corpora import build_corpus

    folder = build_corpus(words, work / f"corpus-{words}")
    out = work / "out.csv"
    py = sys.executable
    env = dict(os.environ, PYTHONPATH=str(ROOT), CITY_TIES_PROGRESS="0")
    cache = work / f"cache-{words}"
    shutil.rmtree(cache, ignore_errors=True)
    cli = [py, "-m", "analysis", "tokens", str(folder), "-o", str(out), "--force", "-q"]
    cenv = dict(env, CITY_TIES_CACHE=str(cache))
    runs: dict[str, list[dict]] = {}
    for _ in range(repeat):
        def run(name, cmd, environ=env):
            runs.setdefault(name, []).append(measure(cmd, environ))

        run("nltk", [py, str(HERE / "plain_nltk.py"), str(folder), str(out)])
        run("tokens", [*cli, "--no-cache"])
        if quick:
            continue
        if jobs > 1:
            run(f"tokens -j{jobs}", [*cli, "--no-cache", "-j", str(jobs)])
        shutil.rmtree(cache, ignore_errors=True)
        run("cache cold", cli, cenv)
        run("cache warm", cli, cenv)
        run("dictionary", [py, "-m", "analysis", "code", str(folder), "--coder", "dictionary",
                           "-o", str(work / "coded.csv"), "--force", "-q", "--no-cache"])
    shutil.rmtree(cache, ignore_errors=True)
    return {"words": words, **{name: _median(r) for name, r in runs.items()}}


def pathological(n: int = 100_000, big: int = 400_000) -> list[tuple[str, float, float, float, float, float]]:
    """Time clean_text on each pathological input at ``n``, ``big`` and 2 ``big`` characters (the doubling
    is taken on the larger sizes, where a run lasts long enough to time), and the whole pipeline and plain
    NLTK at 2 ``n``."""
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.clean import clean_text

    cases = {
        "[a repeated": lambda k: "[a" * (k // 2),
        "<sup>x repeated": lambda k: "<sup>x " * (k // 7),
        "[a]( repeated": lambda k: "[a](" * (k // 4),
        "spaces then x": lambda k: " " * k + "x",
        "hard-wrapped, no stop": lambda k: "\n".join(["word " * 12] * (k // 61)),
    }
    punkt, words = PunktSentenceTokenizer(), NLTKWordTokenizer()

    def nltk_time(text: str) -> float:
        t = time.process_time()
        for s0, s1 in punkt.span_tokenize(text):
            list(words.span_tokenize(text[s0:s1]))
        return time.process_time() - t

    def clean_time(text: str) -> float:
        t = time.process_time()
        clean_text(text)
        return time.process_time() - t

    def pipeline_time(text: str) -> float:
        from analysis.sentences import document_sentence_columns
        from analysis.tokens import token_columns

        t = time.process_time()
        sc = document_sentence_columns("doc", text)
        token_columns(sc["doc_id"], sc["sent_id"], sc["start"], sc["text"])
        return time.process_time() - t

    rows = []
    for name, make in cases.items():  # each time the best of five (first-call costs and noise left out)
        small, one, two = (min(clean_time(make(k)) for _ in range(5)) for k in (n, big, 2 * big))
        whole = min(pipeline_time(make(2 * n)) for _ in range(5))
        rows.append((name, small, one, two, whole, min(nltk_time(make(2 * n)) for _ in range(5))))
    return rows


def report(results: list[dict], jobs: int) -> str:
    lines = [
        "| words | plain NLTK (CPU s) | tokens (CPU s) | ratio | peak MB (NLTK / tokens) | "
        f"{jobs} jobs speed-up (wall) | cached re-run speed-up (wall) | dictionary coding / tokens (CPU) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        speed = r["tokens"]["wall"] / r[f"tokens -j{jobs}"]["wall"] if f"tokens -j{jobs}" in r else float("nan")
        lines.append(
            f"| {r['words']:,} | {r['nltk']['cpu']:.1f} | {r['tokens']['cpu']:.1f} | "
            f"{r['tokens']['cpu'] / r['nltk']['cpu']:.2f}x | {r['nltk']['rss_mb']:.0f} / {r['tokens']['rss_mb']:.0f} | "
            f"{speed:.2f}x | {r['tokens']['wall'] / r['cache warm']['wall']:.1f}x | "
            f"{r['dictionary']['cpu'] / r['tokens']['cpu']:.2f}x |"
        )
    lines.append(scaling(results))
    return "\n".join(lines)


def scaling(results: list[dict]) -> str:
    """One line per step between sizes: how the CPU time grew with the words."""
    lines = []
    for a, b in zip(results, results[1:]):
        lines.append(
            f"\n{b['words'] // a['words']}x the words ({a['words']:,} -> {b['words']:,}): "
            f"tokens {b['tokens']['cpu'] / a['tokens']['cpu']:.1f}x the CPU time, "
            f"plain NLTK {b['nltk']['cpu'] / a['nltk']['cpu']:.1f}x"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "city-ties-bench")
    parser.add_argument("--only-patho", action="store_true")
    parser.add_argument("--quick", action="store_true", help="only plain NLTK and tokens (no jobs, no cache)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="rounds in which the commands take turns; each keeps its median run (default: 1)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; load average {os.getloadavg()[0]:.1f} at start")
    if not args.only_patho:
        args.work.mkdir(parents=True, exist_ok=True)
        results = []
        for words in args.sizes:
            r = bench_size(words, args.work, args.jobs, args.quick, args.repeat)
            results.append(r)
            print(f"{words:,} words: " + ", ".join(
                f"{k} {v['wall']:.1f}s wall/{v['cpu']:.1f}s CPU/{v['rss_mb']:.0f} MB"
                for k, v in r.items() if k != "words"), flush=True)
        print()
        print(report(results, args.jobs) if not args.quick else scaling(results))
    print("\n| pathological input | clean 100k chars (s) | clean 400k / 800k chars (s) | doubling | "
          "whole pipeline on 200k (s) | plain NLTK on 200k (s) | pipeline / NLTK |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, small, one, two, whole, nltk in pathological():
        print(f"| {name} | {small:.3f} | {one:.3f} / {two:.3f} | {two / max(one, 1e-9):.2f}x | {whole:.3f} | "
              f"{nltk:.3f} | {whole / max(nltk, 1e-9):.2f}x |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
