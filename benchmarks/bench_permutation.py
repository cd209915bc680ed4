"""Benchmark: the vectorised permutation test against a loop of Fightin' Words calls.

Run ``python benchmarks/bench_permutation.py``. It prints the ratio of the two
times measured in one run on the sample corpus (a ratio, not a time, so it
means the same on any machine): how many times faster
:func:`analysis.compare.permutation.permutation_test` is than shuffling the
sentence labels and calling :func:`analysis.compare.fightin_words.fightin_words`
once per shuffle. Both compute the same z-scores.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from analysis.codebook import read_codebook
from analysis.coding import read_coding_sheet
from analysis.compare.fightin_words import fightin_words
from analysis.compare.permutation import permutation_test
from analysis.corpus import read_corpus
from analysis.reprints import counted_rows
from analysis.sentences import sentence_table
from analysis.tokens import token_table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
B = 200


def main() -> None:
    corpus = read_corpus(CORPUS)
    sentences = sentence_table(corpus)
    codebook = read_codebook(CORPUS / "codebook.yml")
    coding = read_coding_sheet(CORPUS / "coding" / "consensus.csv", codebook, sentences=sentences)
    tokens = counted_rows(token_table(sentences).merge(coding[["sent_id", "stance"]], on="sent_id"), corpus.documents)
    args = dict(by="stance", group_a="ENGAGE", group_b="DISENGAGE")

    start = time.perf_counter()
    permutation_test(tokens, n_permutations=B, random_state=0, **args)
    fast = time.perf_counter() - start

    rng = np.random.default_rng(0)
    labels = tokens.drop_duplicates("sent_id").set_index("sent_id")["stance"]
    compared = labels[labels.isin(["ENGAGE", "DISENGAGE"])]
    start = time.perf_counter()
    for _ in range(B):
        shuffled = labels.copy()
        shuffled[compared.index] = rng.permutation(compared.to_numpy())
        fightin_words(tokens.assign(stance=tokens["sent_id"].map(shuffled)), **args)
    slow = time.perf_counter() - start
    print(f"permutation test, {B} shuffles: vectorised is {slow / fast:.0f} times faster than a loop of fightin_words")


if __name__ == "__main__":
    main()
