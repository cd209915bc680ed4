"""Progress bars: drawn only for steps that last, so short notebook cells keep no output."""

from analysis import progress as progress_module
from analysis.progress import progress


def test_a_short_step_leaves_no_output_even_with_bars_on(capsys):
    assert list(progress(range(50), total=50, desc="documents", enabled=True)) == list(range(50))
    assert capsys.readouterr().err == ""


def test_a_step_past_the_delay_draws_a_bar(capsys, monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    assert list(progress(range(3), total=3, desc="documents", enabled=True)) == [0, 1, 2]
    assert "documents" in capsys.readouterr().err
