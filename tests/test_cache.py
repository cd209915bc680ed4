"""Cache, parallel jobs and Dask: the same frames and bytes whatever runs them."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.sentences as sentences_module
from analysis.cache import code_fingerprint, content_key, document_cache
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
