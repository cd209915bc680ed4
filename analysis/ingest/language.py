"""Is a text English? A stop-word ratio test, offline and without a model.

The suite's tokenizer, stop words and codebook cues are English. A text in
another language still imports, but the log says so. The test counts the
share of a text's words (runs of letters, lower-cased) that are English
function words, the list of scikit-learn (from the Glasgow Information
Retrieval Group). Running English prose has about 40-55 % of them; other
languages, even with English loanwords, stay far below 15 %: the
"common words" method of language identification [1]_.

References
----------
.. [1] Grefenstette, G. (1995). Comparing two language identification
   schemes. Proceedings of JADT 1995, 3rd International Conference on
   Statistical Analysis of Textual Data, Rome, 263-268.
"""

from __future__ import annotations

import re

from analysis.tokens import ENGLISH_STOP_WORDS

__all__ = ["english_ratio", "looks_english"]

_WORD = re.compile(r"[^\W\d_]+")


def english_ratio(text: str) -> tuple[float, int]:
    """Return the share of English stop words among the words of ``text``, and the word count.

    Examples
    --------
    >>> english_ratio("The town kept its ties with the twin.")
    (0.5, 8)
    >>> english_ratio("Die Stadt hält zu ihrer Partnerstadt.")[0]
    0.0
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    return sum(w in ENGLISH_STOP_WORDS for w in words) / len(words), len(words)


def looks_english(text: str, *, threshold: float = 0.15, min_words: int = 20) -> bool:
    """Return False when ``text`` has at least ``min_words`` words and too few English stop words.

    Texts shorter than ``min_words`` are given the benefit of the doubt.
    """
    ratio, n = english_ratio(text)
    return n < min_words or ratio >= threshold
