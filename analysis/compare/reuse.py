"""Text reuse: passages that one op-ed shares word for word with another.

Method
------
Each document's clean text (:mod:`analysis.clean`) is cut into words: the
runs of letters and digits inside the word tokens of
:func:`analysis.tokens.token_spans`, lower-cased (casefolded). Punctuation,
quotes, dashes and white space are therefore ignored, so "its" in
``“its ...”`` and ``"its ...`` are the same word, and a paragraph break is
no obstacle.

1. **Seeds.** Every run of ``n`` consecutive words (a *shingle*, Broder
   1997) is hashed into one dict from shingle hash to ``(document,
   position)``, filled one document at a time: a document's shingles are
   looked up before they are added, so each pair of documents is compared
   only through the shingles they share, never character by character.
   Seeds on the same diagonal at consecutive positions form an exact
   *block* of matching words.
2. **Extension.** A block is extended, in both directions, across small
   edits: from the end of the aligned span it looks ``ga <= max_gap`` words
   ahead in one text and ``gb <= max_gap`` in the other, and takes the
   continuation with the largest score ``L - max(ga, gb) > 0`` (``L``
   identical words follow the skipped ones); ties go to the smaller
   ``ga + gb``. A one-word substitution ("its" / "the") is thus crossed when
   at least two words match after it, and neighbouring blocks separated by
   at most ``max_gap`` words on both sides merge into one span. This is the
   seed-and-extend scheme of BLAST (Altschul et al. 1990) on words, with the
   gap-merging of text-reuse aligners (Smith, Cordell & Mullen 2015).
3. **Filter.** Spans with fewer than ``min_tokens`` identical words, or lying
   inside another span of the same pair, are dropped.

Word offsets map back to character offsets of the clean text, the same
offsets as the ``start``/``end`` of the sentences frame.

Spans frame
-----------
One row per aligned passage, pairs ``doc_a < doc_b`` (string order), then by
``a_start, b_start``:

=====================  =====================================================
``doc_a, doc_b``       the two documents, ``doc_a < doc_b``
``a_start, a_end``     character offsets of the passage in ``doc_a``'s clean text
``b_start, b_end``     the same in ``doc_b``'s clean text
``n_tokens``           words that are identical in both (int)
``text_a, text_b``     the passage as printed in each text
=====================  =====================================================

References
----------
.. [1] Broder, A. Z. (1997). On the resemblance and containment of
   documents. Proceedings of Compression and Complexity of Sequences,
   21-29.
.. [2] Altschul, S. F., Gish, W., Miller, W., Myers, E. W. & Lipman, D. J.
   (1990). Basic local alignment search tool. Journal of Molecular
   Biology, 215(3), 403-410.
.. [3] Smith, D. A., Cordell, R. & Mullen, A. (2015). Computational methods
   for uncovering reprinted texts in antebellum newspapers. American
   Literary History, 27(3), E1-E15.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from analysis.tokens import token_spans

__all__ = ["SPAN_COLUMNS", "reuse_spans", "reuse_summary", "sentence_reuse"]

SPAN_COLUMNS = ("doc_a", "doc_b", "a_start", "a_end", "b_start", "b_end", "n_tokens", "text_a", "text_b")

_WORD = re.compile(r"[^\W_]+")


def _words(text: str, offset: int = 0) -> tuple[list[str], list[int], list[int]]:
    """Return the normalised words of ``text`` with their character offsets."""
    words, starts, ends = [], [], []
    for s, e in token_spans(text):
        for m in _WORD.finditer(text, s, e):
            words.append(m.group().casefold())
            starts.append(offset + m.start())
            ends.append(offset + m.end())
    return words, starts, ends


def _check_int(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")


def _document_texts(texts) -> list[tuple[str, str]]:
    """Return ``(doc_id, clean text)`` pairs from a Corpus or a frame."""
    if hasattr(texts, "clean_texts"):
        return [(str(doc_id), ct.text) for doc_id, ct in texts.clean_texts()]
    if not isinstance(texts, pd.DataFrame):
        raise TypeError(f"texts must be a Corpus or a DataFrame with doc_id and text, got {type(texts).__name__}")
    missing = [c for c in ("doc_id", "text") if c not in texts.columns]
    if missing:
        raise ValueError(f"texts frame lacks column(s) {', '.join(missing)}")
    dup = texts["doc_id"][texts["doc_id"].duplicated()]
    if not dup.empty:
        raise ValueError(
            f"texts needs one row per document (the whole clean text); doc_id {dup.iloc[0]!r} repeats"
        )
    return [(str(d), str(t)) for d, t in zip(texts["doc_id"], texts["text"])]


def _run(a: list[str], b: list[str], i: int, j: int, step: int) -> int:
    """Count identical words from ``a[i]``, ``b[j]`` on, moving by ``step``."""
    n = 0
    while 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j]:
        n, i, j = n + 1, i + step, j + step
    return n


def _extend(a: list[str], b: list[str], i: int, j: int, step: int, max_gap: int) -> tuple[int, int, int]:
    """Extend an aligned edge at ``(i, j)`` across small edits; return the new edge and words gained.

    For ``step=1`` the edge is the exclusive end, for ``step=-1`` the start.
    """
    gained = 0
    while True:
        best = None
        for ga in range(max_gap + 1):
            for gb in range(max_gap + 1):
                if step > 0:
                    length = _run(a, b, i + ga, j + gb, 1)
                else:
                    length = _run(a, b, i - 1 - ga, j - 1 - gb, -1)
                score = length - max(ga, gb)
                if score > 0 and (best is None or (score, -(ga + gb)) > (best[0], -(best[1] + best[2]))):
                    best = (score, ga, gb, length)
        if best is None:
            return i, j, gained
        _, ga, gb, length = best
        i, j = i + step * (ga + length), j + step * (gb + length)
        gained += length


def _blocks(seeds: list[tuple[int, int]], n: int) -> list[tuple[int, int, int]]:
    """Turn shingle matches ``(p, q)`` into exact blocks ``(p, q, length)``."""
    blocks = []
    run_p = run_q = last_p = None
    for p, q in sorted(seeds, key=lambda s: (s[1] - s[0], s[0])):
        if run_p is not None and q - p == run_q - run_p and p == last_p + 1:
            last_p = p
            continue
        if run_p is not None:
            blocks.append((run_p, run_q, last_p - run_p + n))
        run_p, run_q, last_p = p, q, p
    if run_p is not None:
        blocks.append((run_p, run_q, last_p - run_p + n))
    return sorted(blocks)


def _align(a: list[str], b: list[str], seeds, *, n: int, max_gap: int) -> list[tuple[int, int, int, int, int]]:
    """Return aligned spans ``(a0, a1, b0, b1, matched)`` in word positions."""
    spans: list[tuple[int, int, int, int, int]] = []
    for p, q, length in _blocks(seeds, n):
        if any(a0 <= p and p + length <= a1 and b0 <= q and q + length <= b1 for a0, a1, b0, b1, _ in spans):
            continue
        a1, b1, right = _extend(a, b, p + length, q + length, 1, max_gap)
        a0, b0, left = _extend(a, b, p, q, -1, max_gap)
        spans.append((a0, a1, b0, b1, length + left + right))
    return [
        s
        for s in spans
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] and o[2] <= s[2] and s[3] <= o[3] for o in spans)
    ]


def reuse_spans(texts, *, n: int = 5, max_gap: int = 3, min_tokens: int = 6) -> pd.DataFrame:
    """Return the passages that each pair of documents shares, with offsets in both texts.

    Parameters
    ----------
    texts : analysis.corpus.Corpus or pandas.DataFrame
        A corpus (its clean texts are used, so offsets match the sentences
        frame), or a frame with one row per document: ``doc_id`` and
        ``text`` (the clean text).
    n : int, default=5
        Shingle length in words: only passages sharing ``n`` consecutive
        identical words are found.
    max_gap : int, default=3
        Largest number of words skipped on either side to cross an edit
        (0: exact matches only).
    min_tokens : int, default=6
        Smallest passage kept, counted in identical words; the default,
        ``n + 1``, keeps a six-word quotation but not a lone five-word
        phrase, the commonest chance match.

    Returns
    -------
    pandas.DataFrame
        The spans frame (see the module docstring): ``doc_a, doc_b, a_start,
        a_end, b_start, b_end, n_tokens, text_a, text_b``, sorted by
        ``doc_a, doc_b, a_start, b_start``; index 0..n-1.

    Raises
    ------
    TypeError
        If ``texts`` is neither a corpus nor a frame, or a parameter is not an int.
    ValueError
        If a column is missing, a ``doc_id`` repeats, or a parameter is too small.

    References
    ----------
    .. [1] Broder, A. Z. (1997). On the resemblance and containment of documents.
    .. [2] Altschul, S. F. et al. (1990). Basic local alignment search tool.
       Journal of Molecular Biology, 215(3), 403-410.
    .. [3] Smith, D. A., Cordell, R. & Mullen, A. (2015). Computational methods
       for uncovering reprinted texts in antebellum newspapers. American
       Literary History, 27(3), E1-E15.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "Cities should keep their ties with Russian cities, he wrote.",
    ...     "She agreed: “cities should keep their ties with Russian towns”."]})
    >>> reuse_spans(docs)[["doc_a", "doc_b", "a_start", "a_end", "n_tokens", "text_b"]].values.tolist()
    [['a', 'b', 0, 42, 7, 'cities should keep their ties with Russian']]
    """
    _check_int("n", n, 1)
    _check_int("max_gap", max_gap, 0)
    _check_int("min_tokens", min_tokens, 1)
    docs = _document_texts(texts)
    words, starts, ends = [], [], []
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for j, (_, text) in enumerate(docs):
        w, s, e = _words(text)
        words.append(w)
        starts.append(s)
        ends.append(e)
        local: dict[int, list[int]] = defaultdict(list)
        for q in range(len(w) - n + 1):
            local[hash(tuple(w[q : q + n]))].append(q)
        for key, qs in local.items():
            for i, p in index.get(key, ()):
                shingle = words[i][p : p + n]
                seeds[(i, j)].extend((p, q) for q in qs if w[q : q + n] == shingle)
        for key, qs in local.items():
            index[key].extend((j, q) for q in qs)
    rows = []
    for (i, j), pair_seeds in seeds.items():
        if not pair_seeds:
            continue
        if docs[j][0] < docs[i][0]:
            i, j, pair_seeds = j, i, [(q, p) for p, q in pair_seeds]
        for a0, a1, b0, b1, matched in _align(words[i], words[j], pair_seeds, n=n, max_gap=max_gap):
            if matched < min_tokens:
                continue
            sa, ea, sb, eb = starts[i][a0], ends[i][a1 - 1], starts[j][b0], ends[j][b1 - 1]
            rows.append((docs[i][0], docs[j][0], sa, ea, sb, eb, matched, docs[i][1][sa:ea], docs[j][1][sb:eb]))
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    for col in ("a_start", "a_end", "b_start", "b_end", "n_tokens"):
        frame[col] = frame[col].astype("int64")
    return frame.sort_values(["doc_a", "doc_b", "a_start", "b_start", "a_end", "b_end"]).reset_index(drop=True)


def _reused_words(sentences: pd.DataFrame, spans: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Return each word's sentence row and doc_id, and ``word, source`` for every reused word."""
    missing = [c for c in ("doc_id", "start", "text") if c not in sentences.columns]
    missing += [c for c in SPAN_COLUMNS[:6] if c not in spans.columns]
    if missing:
        raise ValueError(f"missing column(s) {', '.join(missing)} (need a sentences frame and reuse_spans output)")
    rows, docs, starts, ends = [], [], [], []
    for k, (doc_id, start, text) in enumerate(zip(sentences["doc_id"], sentences["start"], sentences["text"])):
        _, s, e = _words(str(text), int(start))
        rows += [k] * len(s)
        docs += [doc_id] * len(s)
        starts += s
        ends += e
    docs_arr, starts_arr, ends_arr = np.asarray(docs, dtype=object), np.asarray(starts), np.asarray(ends)
    intervals: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for da, db, a0, a1, b0, b1 in spans[list(SPAN_COLUMNS[:6])].itertuples(index=False):
        intervals[(da, db)].append((int(a0), int(a1)))
        intervals[(db, da)].append((int(b0), int(b1)))
    hit_word, hit_source = [np.zeros(0, dtype=np.int64)], []
    for doc_id, source in sorted(intervals):
        iv = np.asarray(sorted(intervals[(doc_id, source)]), dtype=np.int64)
        reach = np.maximum.accumulate(iv[:, 1])  # furthest end of the intervals starting so far
        idx = np.flatnonzero(docs_arr == doc_id)
        j = np.searchsorted(iv[:, 0], starts_arr[idx], side="right") - 1
        inside = (j >= 0) & (reach[np.maximum(j, 0)] >= ends_arr[idx])
        hit_word.append(idx[inside])
        hit_source += [source] * int(inside.sum())
    hits = pd.DataFrame({"word": np.concatenate(hit_word), "source": pd.Series(hit_source, dtype=object)})
    return np.asarray(rows, dtype=np.int64), docs_arr, hits


def sentence_reuse(sentences: pd.DataFrame, spans: pd.DataFrame, *, min_share: float = 0.5) -> pd.DataFrame:
    """Mark each sentence by how much of it another document shares.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences frame (see :mod:`analysis.sentences`); uses ``doc_id``,
        ``sent_id``, ``start`` and ``text``.
    spans : pandas.DataFrame
        Output of :func:`reuse_spans` on the same clean texts.
    min_share : float, default=0.5
        A sentence counts as reused when at least this share of its words is.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in the order of ``sentences``: ``doc_id,
        sent_id, n_tokens`` (its words, punctuation ignored), ``n_reused``
        (words inside a reused span), ``share`` (``n_reused / n_tokens``, 0
        for a sentence without words), ``source`` (the other document sharing
        most of its words, ties by ``doc_id``; "" if none) and ``is_reused``
        (``share >= min_share``); index 0..n-1.

    Raises
    ------
    ValueError
        If a frame lacks a column or ``min_share`` is not in (0, 1].

    References
    ----------
    .. [1] Clough, P., Gaizauskas, R., Piao, S. S. L. & Wilks, Y. (2002).
       METER: MEasuring TExt Reuse. Proceedings of ACL 2002, 152-159
       (share of a text's words inside passages shared with a source).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "Keep the ties. Cities should keep their ties with Russian cities.",
    ...     "Cities should keep their ties with Russian cities. No."]})
    >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": ["a-001", "a-002"],
    ...                       "start": [0, 15], "text": ["Keep the ties.", docs.text[0][15:]]})
    >>> sentence_reuse(sents, reuse_spans(docs))[["sent_id", "share", "source"]].values.tolist()
    [['a-001', 0.0, ''], ['a-002', 1.0, 'b']]
    """
    if not isinstance(min_share, (int, float)) or isinstance(min_share, bool) or not 0 < min_share <= 1:
        raise ValueError(f"min_share must be a number in (0, 1], got {min_share!r}")
    row, _, hits = _reused_words(sentences, spans)
    n_sent = len(sentences)
    n_tokens = np.bincount(row, minlength=n_sent)
    n_reused = np.bincount(row[np.unique(hits["word"].to_numpy())], minlength=n_sent)
    counts = hits.assign(row=row[hits["word"].to_numpy()]).groupby(["row", "source"]).size().reset_index(name="k")
    counts = counts.sort_values(["row", "k", "source"], ascending=[True, False, True]).drop_duplicates("row")
    source = np.full(n_sent, "", dtype=object)
    source[counts["row"].to_numpy(dtype=np.int64)] = counts["source"].to_numpy()
    share = np.divide(n_reused, n_tokens, out=np.zeros(n_sent), where=n_tokens > 0)
    return pd.DataFrame(
        {"doc_id": sentences["doc_id"].to_numpy(), "sent_id": sentences["sent_id"].to_numpy(),
         "n_tokens": n_tokens.astype(np.int64), "n_reused": n_reused.astype(np.int64),
         "share": share, "source": source, "is_reused": share >= min_share}
    )


def reuse_summary(spans: pd.DataFrame, sentences: pd.DataFrame, *, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return, per ordered pair of documents, the share of one text found in the other.

    Parameters
    ----------
    spans : pandas.DataFrame
        Output of :func:`reuse_spans`.
    sentences : pandas.DataFrame
        Sentences frame of the same clean texts: it gives each text's length
        in words (punctuation ignored).
    kinds : tuple of str, optional
        Count only sentences of these block kinds, e.g. ``("body",)`` to
        leave out titles, bylines and bios; default: every sentence.

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair with at least one shared span: ``doc_id``
        (the text measured), ``source`` (the other text), ``n_tokens`` (words
        of ``doc_id`` counted), ``n_reused`` (of those, words inside a span
        shared with ``source``), ``share`` (``n_reused / n_tokens``), sorted
        by ``share`` descending, then ``doc_id``, ``source``; index 0..n-1.

    Raises
    ------
    ValueError
        If a frame lacks a column, or ``kinds`` is given without a ``kind`` column.

    References
    ----------
    .. [1] Clough, P., Gaizauskas, R., Piao, S. S. L. & Wilks, Y. (2002).
       METER: MEasuring TExt Reuse. Proceedings of ACL 2002, 152-159.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
    ...     "Cities should keep their ties with Russian cities.",
    ...     "Cities should keep their ties with Russian cities. We disagree."]})
    >>> sents = docs.assign(sent_id=["a-001", "b-001"], start=0)
    >>> reuse_summary(reuse_spans(docs), sents)[["doc_id", "source", "share"]].values.tolist()
    [['a', 'b', 1.0], ['b', 'a', 0.8]]
    """
    if kinds is not None:
        if "kind" not in sentences.columns:
            raise ValueError("kinds needs a 'kind' column in sentences")
        sentences = sentences[sentences["kind"].isin(list(kinds))]
    _, docs, hits = _reused_words(sentences, spans)
    totals = pd.Series(docs, dtype=object).value_counts()
    reused = hits.assign(doc_id=docs[hits["word"].to_numpy()]).groupby(["doc_id", "source"]).size()
    ab = set(zip(spans["doc_a"], spans["doc_b"]))
    rows = []
    for doc_id, source in sorted(ab | {(b, a) for a, b in ab}):
        n_tok, n_re = int(totals.get(doc_id, 0)), int(reused.get((doc_id, source), 0))
        rows.append((doc_id, source, n_tok, n_re, n_re / n_tok if n_tok else 0.0))
    frame = pd.DataFrame(rows, columns=["doc_id", "source", "n_tokens", "n_reused", "share"])
    frame = frame.astype({"n_tokens": "int64", "n_reused": "int64", "share": float})
    return frame.sort_values(["share", "doc_id", "source"], ascending=[False, True, True]).reset_index(drop=True)
