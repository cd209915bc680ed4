"""Compare the candidate learners by leave-one-document-out cross-validation on the shipped consensus coding.

Usage::

    python benchmarks/compare_learners.py [--learners logreg,linear_svc,...] [--cues] [--lexicon general.json]

Every learner of :mod:`analysis.learners` (tuned by inner CV on the
training documents only) and, for scale, today's ``tuned_tfidf_coder``, the
dictionary coder on the general cues and the majority baseline, is scored
on held-out documents (reprints grouped with the text they reprint), with
:func:`analysis.evaluate.cross_validated_predictions`. Prints macro-F1,
kappa and accuracy per coder. Scores are out of sample; the corpus is
small (five documents), so differences of a few points are noise.

Measured on 2026-12-02 (154 consensus sentences, 4 groups; general cues =
the 22 cues marked ``source: general`` in the evaluation branch's
codebook.yml; main's TunedCoder, stratified inner folds)::

    coder                          macro_f1   kappa accuracy
    majority                          0.246   0.000    0.584
    dictionary (general cues)         0.636   0.426    0.708
    tuned_tfidf_coder (today)         0.407   0.238    0.604
    logreg                            0.406   0.240    0.610
    logreg + cues                     0.663   0.471    0.727
    linear_svc                        0.403   0.232    0.610
    linear_svc + cues                 0.654   0.456    0.721
    nbsvm                             0.297   0.087    0.591
    nbsvm + cues                      0.463   0.234    0.656
    complement_nb                     0.359   0.125    0.539
    complement_nb + cues              0.470   0.272    0.630
    select                            0.407   0.244    0.610
    select + cues                     0.654   0.456    0.721   (cue_scale 0.5: 0.665 / 0.487; 2: 0.659 / 0.466)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import read_codebook  # noqa: E402
from analysis.coders import DictionaryCoder, tuned_tfidf_coder  # noqa: E402
from analysis.coding import read_coding_sheet  # noqa: E402
from analysis.corpus import read_corpus  # noqa: E402
from analysis.evaluate import cross_validated_predictions, document_groups, majority_baseline  # noqa: E402
from analysis.learners import LEARNERS, general_lexicon, make_coder  # noqa: E402
from analysis.scores import classification_scores  # noqa: E402
from analysis.sentences import sentence_table  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", default=",".join(LEARNERS))
    parser.add_argument("--cues", action="store_true", help="also each learner with general cue features")
    parser.add_argument("--cue-scale", type=float, default=1.0, help="weight of cue counts beside TF-IDF")
    parser.add_argument("--no-reference", action="store_true", help="skip the baseline, dictionary and today's coder")
    parser.add_argument("--lexicon", help="JSON {label: [cue, ...]} instead of the codebook's general cues")
    args = parser.parse_args(argv)
    corpus = read_corpus(ROOT / "corpus")
    codebook = read_codebook(ROOT / "corpus" / "codebook.yml")
    coding = read_coding_sheet(ROOT / "corpus" / "coding" / "consensus.csv", codebook,
                               sentences=sentence_table(corpus))
    texts, labels = list(coding["text"]), list(coding["stance"])
    groups = document_groups(coding["doc_id"], documents=corpus.documents)
    lexicon = json.loads(Path(args.lexicon).read_text()) if args.lexicon else general_lexicon(codebook)
    coders = {"majority": majority_baseline(), "dictionary (general cues)": DictionaryCoder(lexicon),
              "tuned_tfidf_coder (today)": tuned_tfidf_coder()}
    if args.no_reference:
        coders = {}
    for name in args.learners.split(","):
        coders[name] = make_coder(name)
        if args.cues:
            coders[name + " + cues"] = make_coder(name, cues=lexicon, cue_scale=args.cue_scale)
    print(f"{len(texts)} sentences, {len(set(groups))} groups; leave one group out")
    print(f"{'coder':<30}{'macro_f1':>9}{'kappa':>8}{'accuracy':>9}{'seconds':>9}")
    for name, coder in coders.items():
        start = time.perf_counter()
        preds = cross_validated_predictions(coder, texts, labels, groups)
        s = classification_scores(preds["label"], preds["predicted"]).set_index(["label", "metric"])["value"]
        print(f"{name:<30}{s[('all', 'macro_f1')]:9.3f}{s[('all', 'kappa')]:8.3f}{s[('all', 'accuracy')]:9.3f}"
              f"{time.perf_counter() - start:9.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
