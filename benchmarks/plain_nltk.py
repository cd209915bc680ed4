"""The baseline: plain NLTK over a folder of texts, writing the same kind of rows.

Untrained Punkt (``PunktSentenceTokenizer()``) splits each text into
sentences and ``NLTKWordTokenizer.span_tokenize`` splits each sentence into
tokens; one CSV row per token (document, sentence, token number, offsets,
token) is written as each document is finished. No cleaning, stems or stop
words: this is the floor the suite's ``tokens`` command is measured against.

Usage: ``python benchmarks/plain_nltk.py CORPUS_DIR OUT.csv``
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer


def plain_tokens(corpus_dir: str | Path, out: str | Path) -> int:
    """Write the token rows of every ``*.txt`` under ``corpus_dir``; return the row count."""
    sentences = PunktSentenceTokenizer()
    words = NLTKWordTokenizer()
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["doc_id", "sent_id", "token_id", "start", "end", "token"])
        for path in sorted(Path(corpus_dir).rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            rows = []
            for k, (s0, s1) in enumerate(sentences.span_tokenize(text), start=1):
                sent = text[s0:s1]
                for i, (t0, t1) in enumerate(words.span_tokenize(sent), start=1):
                    rows.append((path.stem, f"{path.stem}-{k:03d}", i, s0 + t0, s0 + t1, sent[t0:t1]))
            writer.writerows(rows)
            n += len(rows)
    return n


if __name__ == "__main__":
    print(plain_tokens(sys.argv[1], sys.argv[2]))
