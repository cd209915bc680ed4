"""Positions anchored on the coding (Wordscores with coded sentences as poles)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare.positions import anchored_positions
from analysis.tokens import token_table

SENTS = pd.DataFrame({
    "doc_id": ["a", "a", "b", "b", "c", "c"],
    "sent_id": ["a-1", "a-2", "b-1", "b-2", "c-1", "c-2"],
    "start": 0,
    "text": ["Keep ties and help people.", "Help the twin city.", "Cut ties now.", "Suspend the twin city now.",
             "Keep ties and help.", "Cut ties now."],
})
CODING = pd.DataFrame({"sent_id": SENTS["sent_id"],
                       "stance": ["ENGAGE", "ENGAGE", "DISENGAGE", "DISENGAGE", "ENGAGE", "DISENGAGE"]})


def test_in_sample_a_pole_scores_at_its_end():
    toks = token_table(SENTS[SENTS["doc_id"] != "c"])
    pos = anchored_positions(toks, CODING, leave_out=False).set_index("doc_id")
    # a is exactly the ENGAGE reference text, b the DISENGAGE one: Martin-Vanberg puts them at +1 and -1
    assert pos.loc["a", "mv_score"] == pytest.approx(1.0)
    assert pos.loc["b", "mv_score"] == pytest.approx(-1.0)


def test_a_mixed_text_sits_between_the_poles():
    toks = token_table(SENTS)
    pos = anchored_positions(toks, CODING).set_index("doc_id")
    assert -1 < pos.loc["c", "mv_score"] < 1
    assert list(pos.index) == ["a", "b", "c"]


def test_holding_out_a_pole_is_an_error():
    toks = token_table(SENTS[SENTS["doc_id"] != "c"])
    with pytest.raises(ValueError, match="no ENGAGE sentences left to anchor when 'a' is held out"):
        anchored_positions(toks, CODING)


def test_groups_must_match_units():
    with pytest.raises(ValueError, match="groups has 1 labels for 3 units"):
        anchored_positions(token_table(SENTS), CODING, groups=["x"])
