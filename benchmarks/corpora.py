"""Build benchmark corpora of a given size from the sample texts' paragraphs.

The body paragraphs of the shipped corpus are drawn (with a fixed seed) into
documents of about 800 words, written as ``raw/doc-NNNNNN.txt`` with no
documents table, so the suite reads them as a plain folder of texts. The
texts are ours only in their order: every paragraph is one of the sample's.
"""

from __future__ import annotations

import random
from pathlib import Path

from analysis.corpus import read_corpus

__all__ = ["sample_paragraphs", "build_corpus"]

DOC_WORDS = 800


def sample_paragraphs(corpus_dir: str | Path) -> list[str]:
    """Return the raw paragraphs (blank-line separated) of at least 20 words."""
    corpus = read_corpus(corpus_dir)
    paragraphs = []
    for _, raw in corpus.texts():
        for para in raw.replace("\r\n", "\n").split("\n\n"):
            para = para.strip()
            if len(para.split()) >= 20:
                paragraphs.append(para)
    return paragraphs


def build_corpus(words: int, dest: str | Path, corpus_dir: str | Path = "corpus", *, seed: int = 0) -> Path:
    """Write a folder of ~800-word texts totalling about ``words`` words; return it.

    An existing folder with the same size marker is reused.
    """
    dest = Path(dest)
    marker = dest / f".built-{words}-{seed}"
    if marker.exists():
        return dest
    raw = dest / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    paragraphs = sample_paragraphs(corpus_dir)
    rng = random.Random(seed)
    total, n = 0, 0
    while total < words:
        doc, count = [], 0
        while count < DOC_WORDS:
            para = rng.choice(paragraphs)
            doc.append(para)
            count += len(para.split())
        n += 1
        (raw / f"doc-{n:06d}.txt").write_text("\n\n".join(doc) + "\n", encoding="utf-8")
        total += count
    marker.write_text(f"{total} words in {n} documents\n", encoding="utf-8")
    return dest
