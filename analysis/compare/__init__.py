"""Comparisons of arguments: one method per module.

``keyness``, ``fightin_words``, ``kwic``, ``collocations``, ``similarity``,
``reuse``, ``scaling`` and ``networks`` each take tidy frames (documents,
sentences, tokens, coding) and return a tidy frame; their plots live in
:mod:`analysis.plots` under the same names.
"""
