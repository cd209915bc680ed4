"""Benchmark: cue matching of analysis.cues against the matcher it replaced, in one run.

Usage::

    python benchmarks/bench_cues.py [--words 200000] [--repeats 3]

Builds a text of about ``--words`` words from the shipped corpus sentences
(repeated in order), then times, best of ``--repeats``:

* ``matching``: from token lists to cue matches with negation/contrast
  (stemming included): the frozen copy of the old algorithm below (one
  Porter stem per token, one dictionary look-up per position and span
  length) against :meth:`analysis.cues.CueMatcher.matches` (stems once per
  word type, one look-up per token on the first term);
* ``predict``: ``DictionaryCoder.predict`` end to end, tokenizing included,
  old against new (the tokenizer, shared, is the floor);
* ``tokens``: :func:`analysis.tokens.word_tokens` alone, for scale.

Prints one table with seconds and ratios (old / new); the issue's target is
matching >= 5x. Both matchers must give the same matches, or it stops.

Measured on 2026-12-02 (2 shared cores, busy), ``--words 100000 --repeats 2``::

    4836 sentences, 100657 words, 114204 tokens, 2573 cue matches; best of 2
    step          old s    new s  old/new
    matching      1.771    0.088     20.2
    predict       4.563    1.819      2.5
    tokens                 1.859   (word_tokens alone; predict new / tokens = 0.98)

End to end, the shared tokenizer (:func:`analysis.tokens.word_tokens`) is now
almost all of the dictionary coder's time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from nltk.stem.porter import PorterStemmer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import read_codebook  # noqa: E402
from analysis.coders import DictionaryCoder  # noqa: E402
from analysis.corpus import read_corpus  # noqa: E402
from analysis.cues import _ADDITIVES, _BOUNDARIES, _QUESTION_OPENERS, CueMatcher  # noqa: E402
from analysis.sentences import sentence_table  # noqa: E402
from analysis.tokens import word_tokens  # noqa: E402


class FrozenMatcher:
    """The matching of ``DictionaryCoder`` before analysis/cues.py (commit 980487a), kept for comparison."""

    def __init__(self, new: CueMatcher, *, negations, contrast_markers, adversatives):
        self.stemmer = PorterStemmer()
        index = {}
        for label, keys in new.lexicon.items():
            for key in keys:
                index[key] = ("cue", label)
        for kind, phrases in (("negation", negations), ("adversative", adversatives),
                              ("contrast", contrast_markers), ("additive", _ADDITIVES)):
            for phrase in phrases:
                index[tuple(self._terms(word_tokens(phrase)))] = (kind, phrase)
        self.index, self.max_len, self.opposites = index, max(len(k) for k in index), new.opposites
        self.window, self.adversative_weight = new.negation_window, new.adversative_weight

    def _terms(self, tokens):
        return [self.stemmer.stem(t) if any(c.isalnum() for c in t) else t for t in tokens]

    def matches(self, tokens):
        terms = self._terms(tokens)
        events, i = [], 0
        while i < len(terms):
            for size in range(min(self.max_len, len(terms) - i), 0, -1):
                hit = self.index.get(tuple(terms[i : i + size]))
                if hit is not None:
                    events.append((i, i + size, *hit))
                    i += size
                    break
            else:
                if terms[i] in _BOUNDARIES:
                    events.append((i, i + 1, "boundary", ""))
                i += 1
        question = bool(tokens) and tokens[-1] == "?"
        clause_start, negs, contrast, weighted, out = 0, [], False, False, []
        for start, end, kind, value in events:
            if kind in ("boundary", "adversative", "contrast", "additive"):
                clause_start, negs, contrast = end, [], kind == "contrast"
                weighted = weighted or kind == "adversative"
            elif kind == "negation":
                opener = all(t in _QUESTION_OPENERS for t in tokens[clause_start:start]) and start > clause_start
                if not (question and opener and value in ("not", "n't")):
                    negs.append(end)
            elif kind == "cue":
                negated = sum(start - e <= self.window for e in negs) % 2 == 1
                counted = self.opposites.get(value) if negated != contrast else value
                out.append((start, end, value, negated, contrast,
                            float(self.adversative_weight if weighted else 1.0), counted or ""))
        return out


class FrozenCoder(DictionaryCoder):
    """``DictionaryCoder`` whose scores come from :class:`FrozenMatcher` (a fresh stemmer per call, as before)."""

    def fit(self, X, y=None):
        super().fit(X, y)
        self.matcher_ = _FrozenScores(FrozenMatcher(self.matcher_, negations=self.negations,
                                                    contrast_markers=self.contrast_markers,
                                                    adversatives=self.adversatives))
        return self


class _FrozenScores:
    def __init__(self, frozen):
        self.frozen = frozen

    def scores(self, texts, labels, weighted=True):
        import numpy as np

        column = {label: j for j, label in enumerate(labels)}
        out = np.zeros((len(texts), len(labels)))
        self.frozen.stemmer = PorterStemmer()
        for i, text in enumerate(texts):
            for m in self.frozen.matches(word_tokens(text)):
                if m[6]:
                    out[i, column[m[6]]] += m[5]
        return out


def _best(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    lexicon = read_codebook(ROOT / "corpus" / "codebook.yml").lexicon()
    sentences = list(sentence_table(read_corpus(ROOT / "corpus"))["text"])
    texts, n_words = [], 0
    while n_words < args.words:
        for s in sentences:
            texts.append(s)
            n_words += len(s.split())
    tokens = [word_tokens(t) for t in texts]
    new_coder = DictionaryCoder(lexicon).fit(["x"])
    old_coder = FrozenCoder(lexicon).fit(["x"])
    frozen = old_coder.matcher_.frozen

    def old_matching():
        frozen.stemmer = PorterStemmer()
        return [frozen.matches(t) for t in tokens]

    def new_matching():  # a freshly compiled matcher each time: no stems carried over between runs
        matcher = DictionaryCoder(lexicon).fit(["x"]).matcher_
        return [matcher.matches(t) for t in tokens]

    rows = []
    t_old, m_old = _best(old_matching, args.repeats)
    t_new, m_new = _best(new_matching, args.repeats)
    if m_old != m_new:
        raise SystemExit("the two matchers disagree")
    rows.append(("matching", t_old, t_new))
    t_old, p_old = _best(lambda: old_coder.predict(texts).tolist(), args.repeats)
    t_new, p_new = _best(lambda: DictionaryCoder(lexicon).fit(["x"]).predict(texts).tolist(), args.repeats)
    if p_old != p_new:
        raise SystemExit("the two coders disagree")
    rows.append(("predict", t_old, t_new))
    t_tok, _ = _best(lambda: [word_tokens(t) for t in texts], args.repeats)
    print(f"{len(texts)} sentences, {n_words} words, {sum(map(len, tokens))} tokens, "
          f"{sum(map(len, m_new))} cue matches; best of {args.repeats}")
    print(f"{'step':<10}{'old s':>9}{'new s':>9}{'old/new':>9}")
    for name, old, new in rows:
        print(f"{name:<10}{old:9.3f}{new:9.3f}{old / new:9.1f}")
    print(f"{'tokens':<10}{'':>9}{t_tok:9.3f}   (word_tokens alone; predict new / tokens = {rows[1][2] / t_tok:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
