"""Cache, parallel jobs and Dask: the same frames and bytes whatever runs them."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.sentences as sentences_module
import analysis.cache as cache_module
import analysis.learners as learners
from analysis.cache import code_fingerprint, content_key, document_cache, remembered, tree_hash
from analysis.cli import main
from analysis.corpus import read_corpus
from analysis.progress import progress, progress_enabled
from analysis.sentences import sentence_table
from analysis.tokens import iter_tables, token_table
from conftest import SAMPLE, make_corpus


@pytest.fixture
def counted(monkeypatch):
    """Count the documents whose sentences are computed (not taken from the cache)."""
    calls = []
    original = sentences_module.document_sentences

    def counting(doc_id, *args):
        calls.append(doc_id)
        return original(doc_id, *args)

    monkeypatch.setattr(sentences_module, "document_sentences", counting)
    return calls


def test_cached_frames_equal_fresh_ones(tmp_path, counted):
    corpus = read_corpus(SAMPLE)
    fresh = sentence_table(corpus, cache=False)
    first = sentence_table(corpus, cache=tmp_path)
    again = sentence_table(corpus, cache=tmp_path)
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(again, fresh)
    assert len(counted) == 2 * len(corpus.documents)  # fresh + first; the third run computed nothing
    tokens = token_table(fresh, cache=False)
    pd.testing.assert_frame_equal(token_table(fresh, cache=tmp_path), tokens)
    pd.testing.assert_frame_equal(token_table(fresh, cache=tmp_path), tokens)


def test_changing_one_file_recomputes_only_that_document(tmp_path, counted):
    folder = make_corpus(tmp_path / "c", table=False)  # no checksums: the text may change
    store = tmp_path / "cache"
    before = sentence_table(read_corpus(folder), cache=store)
    counted.clear()
    path = folder / "raw" / "beta.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Others agreed.", "Others did not."), encoding="utf-8")
    after = sentence_table(read_corpus(folder), cache=store)
    assert counted == ["beta"]
    assert after["text"].str.contains("did not").any() and not before["text"].str.contains("did not").any()


def test_damaged_cache_entry_is_recomputed(tmp_path, counted):
    corpus = read_corpus(SAMPLE)
    expected = sentence_table(corpus, cache=tmp_path)
    for path in tmp_path.rglob("*.parquet"):
        path.write_bytes(b"not parquet")
    counted.clear()
    pd.testing.assert_frame_equal(sentence_table(corpus, cache=tmp_path), expected)
    assert len(counted) == len(corpus.documents)


def test_keys_depend_on_content_and_code():
    assert content_key("tokens", "a") != content_key("tokens", "b")
    assert content_key("tokens", "a") != content_key("sentences", "a")
    frame = pd.DataFrame({"text": ["a b"]})
    assert content_key("t", frame) != content_key("t", pd.DataFrame({"text": ["a", "b"]}))
    assert len(code_fingerprint()) == 16
    assert document_cache(False) is None


def test_cli_no_cache_and_cache_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("CITY_TIES_CACHE", str(tmp_path / "cache"))
    outs = []
    for i, extra in enumerate(([], [], ["--no-cache"])):
        out = tmp_path / f"t{i}.csv"
        assert main(["tokens", str(SAMPLE), "-o", str(out), "-q", *extra]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert any((tmp_path / "cache").rglob("*.csv"))  # each document's rows, kept as CSV text


def test_two_jobs_same_frames_and_bytes(tmp_path):
    corpus = read_corpus(SAMPLE)
    one = sentence_table(corpus, cache=False, n_jobs=1)
    two = sentence_table(corpus, cache=False, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(token_table(one, cache=False, n_jobs=2), token_table(one, cache=False))
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"t{jobs}.csv"
        assert main(["tokens", str(SAMPLE), "-o", str(out), "-q", "--no-cache", "-j", jobs]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_iter_tables_splits_the_whole_tables_by_document():
    corpus = read_corpus(SAMPLE)
    pairs = list(iter_tables(corpus, cache=False))
    whole = sentence_table(corpus, cache=False)
    pd.testing.assert_frame_equal(pd.concat([s for s, _ in pairs], ignore_index=True), whole)
    pd.testing.assert_frame_equal(pd.concat([t for _, t in pairs], ignore_index=True), token_table(whole, cache=False))


def test_dask_cluster_gives_identical_tables(tmp_path):
    distributed = pytest.importorskip("distributed")
    from joblib import parallel_config

    corpus = read_corpus(SAMPLE)
    local = sentence_table(corpus, cache=False)
    local_tokens = token_table(local, cache=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with parallel_config(backend="dask"):
            remote = sentence_table(corpus, cache=False)
            remote_tokens = token_table(remote, cache=False)
    assert remote.to_csv(index=False) == local.to_csv(index=False)
    assert remote_tokens.to_csv(index=False) == local_tokens.to_csv(index=False)


def test_progress_is_off_without_a_terminal_and_passes_items(monkeypatch):
    monkeypatch.delenv("CITY_TIES_PROGRESS", raising=False)
    assert progress_enabled() is False  # pytest captures stderr: no terminal
    assert list(progress(iter(range(5)), total=5, enabled=True)) == list(range(5))
    monkeypatch.setenv("CITY_TIES_PROGRESS", "1")
    assert progress_enabled() is True


CALLS: list[tuple] = []


def _slow_sum(values, *, offset=0, n_jobs=None):
    CALLS.append((tuple(values), offset))
    return pd.DataFrame({"sum": [sum(values) + offset]})


def test_remembered_results_are_reused_for_the_same_arguments_only(tmp_path):
    CALLS.clear()
    add = remembered(_slow_sum, ignore=["n_jobs"], cache=tmp_path)
    first = add([1, 2, 3], offset=1, n_jobs=1)
    pd.testing.assert_frame_equal(add([1, 2, 3], offset=1, n_jobs=2), first)  # n_jobs does not change the result
    assert CALLS == [((1, 2, 3), 1)]
    assert add([1, 2, 3], offset=2)["sum"].item() == 8 and add([1, 2, 4], offset=1)["sum"].item() == 8
    assert CALLS == [((1, 2, 3), 1), ((1, 2, 3), 2), ((1, 2, 4), 1)]


def test_remembered_results_are_recomputed_when_the_code_changes(tmp_path, monkeypatch):
    CALLS.clear()
    remembered(_slow_sum, cache=tmp_path)([1])
    remembered(_slow_sum, cache=tmp_path)([1])
    monkeypatch.setattr(cache_module, "package_fingerprint", lambda: "another-version")
    remembered(_slow_sum, cache=tmp_path)([1])
    assert len(CALLS) == 2


def test_remembered_without_a_cache_is_the_function_itself(tmp_path, monkeypatch):
    assert remembered(_slow_sum, cache=False) is _slow_sum
    monkeypatch.setenv("CITY_TIES_CACHE", "off")
    assert remembered(_slow_sum) is _slow_sum


def test_tree_hash_covers_every_file_but_compiled_ones(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "data" / "words.txt").write_text("cut\n")
    before = tree_hash(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert tree_hash(tmp_path) == before
    (tmp_path / "data" / "words.txt").write_text("sever\n")
    assert tree_hash(tmp_path) != before
    (tmp_path / "data" / "words.txt").write_text("cut\n")
    (tmp_path / "data" / "words.txt").rename(tmp_path / "data" / "other.txt")
    assert tree_hash(tmp_path) != before


FITS: list[int] = []
_FIT_CODER = learners.fit_coder


def _counted_fit(coder, texts, labels, groups=None):
    FITS.append(len(texts))
    return _FIT_CODER(coder, texts, labels, groups)


def test_code_trains_once_for_the_same_data(tmp_path, monkeypatch):
    FITS.clear()
    monkeypatch.setattr(learners, "fit_coder", _counted_fit)
    train = tmp_path / "train.csv"
    pd.DataFrame({"text": ["keep the ties", "cut the ties", "the river", "strengthen ties", "sever ties", "a bridge"],
                  "label": ["ENGAGE", "DISENGAGE", "NEUTRAL"] * 2}).to_csv(train, index=False)
    units = tmp_path / "units.csv"
    pd.DataFrame({"text": ["We should keep our ties.", "Cut them now."]}).to_csv(units, index=False)
    monkeypatch.setenv("CITY_TIES_CACHE", str(tmp_path / "cache"))
    outputs = []
    for i, extra in enumerate(([], [], ["--no-cache"])):
        assert main(["code", str(units), "--train", str(train), "--coder", "logreg", "-o", str(tmp_path / f"{i}.csv"),
                     *extra]) == 0
        outputs.append((tmp_path / f"{i}.csv").read_bytes())
    assert FITS == [6, 6] and outputs[0] == outputs[1] == outputs[2]
