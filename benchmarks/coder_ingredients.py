"""Out-of-sample scores of every candidate learner and ingredient, as notebook 03 computes them.

Usage::

    python benchmarks/coder_ingredients.py [--learners linear_svc,logreg,nbsvm,complement_nb,select] [--jobs 2]

For each learner of :mod:`analysis.learners`: the learner alone (word and
character TF-IDF), + the codebook's general cue features, + the synthetic
training sentences of ``analysis/data/synthetic`` (added to every training
fold, never scored). Scored only on the consensus-coded corpus sentences,
holding out one reuse-aware group of documents at a time
(:func:`analysis.evaluate.document_groups` with text reuse of ten words or
more). Prints macro-F1 and Cohen's kappa (out-of-sample) and seconds per
coder; notebook 03 and ``analysis/data/MODEL_CARD.md`` report the chosen
default from this table. Seeded: the same numbers on every run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import read_codebook  # noqa: E402
from analysis.coding import read_coding_sheet  # noqa: E402
from analysis.compare.reuse import reuse_spans  # noqa: E402
from analysis.corpus import read_corpus  # noqa: E402
from analysis.evaluate import compare_coders, document_groups  # noqa: E402
from analysis.scores import scores_table  # noqa: E402
from analysis.learners import LEARNERS, general_lexicon, make_coder  # noqa: E402
from analysis.sentences import sentence_table  # noqa: E402
from analysis.training import read_training_set  # noqa: E402

SEED = 2022
STANCES = ["ENGAGE", "DISENGAGE", "NEUTRAL"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", default=",".join(LEARNERS))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    corpus = read_corpus(ROOT / "corpus")
    codebook = read_codebook(ROOT / "corpus" / "codebook.yml")
    coding = read_coding_sheet(ROOT / "corpus" / "coding" / "consensus.csv", codebook, sentences=sentence_table(corpus))
    groups = document_groups(coding["doc_id"], documents=corpus.documents, spans=reuse_spans(corpus), min_reuse=10)
    synthetic = read_training_set(ROOT / "analysis" / "data" / "synthetic")
    cues = general_lexicon(codebook)
    print(f"{len(coding)} consensus-coded sentences, {len(set(groups))} reuse-aware groups, "
          f"{len(synthetic)} synthetic training sentences (never scored)")
    print(f"{'coder':<36}{'macro_f1':>9}{'kappa':>8}{'seconds':>9}")
    for name in args.learners.split(","):
        specs = {f"{name}": {"coder": make_coder(name, calibration=None, random_state=SEED)},
                 f"{name} + cues": {"coder": make_coder(name, cues=cues, calibration=None, random_state=SEED)},
                 f"{name} + cues + synthetic": {"coder": make_coder(name, cues=cues, calibration=None,
                                                                    random_state=SEED), "extra": synthetic}}
        for label, spec in specs.items():
            start = time.perf_counter()
            preds = compare_coders({label: spec}, coding["text"], coding["stance"], groups, doc_ids=coding["doc_id"],
                                   random_state=SEED, n_jobs=args.jobs)
            overall = scores_table(preds, labels=STANCES).query("label == 'all'").set_index("metric")["value"]
            print(f"{label:<36}{overall['macro_f1']:>9.3f}{overall['kappa']:>8.3f}{time.perf_counter() - start:>9.1f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
