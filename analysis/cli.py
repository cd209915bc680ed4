"""The command line: ``python -m analysis COMMAND ...`` (``--help`` on each).

Commands
--------
``validate CORPUS_DIR``        check the documents table, texts and coding files
                               (or a training-set folder: sentences.csv, no documents.csv)
``sentences CORPUS_DIR``       write the sentences table (CSV)
``tokens CORPUS_DIR``          write the tokens table (CSV)
``coding-sheet CORPUS_DIR``    write a blank coding sheet (+ allowed codes)
``reanchor SHEET CORPUS_DIR``  move a sheet's codes onto the current sentences
``code INPUT``                 code new texts with an automated coder
``suggest SHEET CORPUS_DIR``   the uncoded sentences of a sheet worth coding next
``reproduce``                  run every notebook and regenerate ``figures/``
``import SOURCE... -o DIR``    make a corpus folder from web pages, Word, PDF, exports...
``qdpx export|import``         REFI-QDA projects for MAXQDA, NVivo, ATLAS.ti, QualCoder (see
                               :mod:`analysis.exchange.commands`)
``export CORPUS_DIR WHAT``      networks (GraphML, Gephi CSV) and tables (CSV, .xlsx)

Corpus commands take ``-j N`` (parallel jobs, same output for any N),
``--no-cache`` (recompute instead of reusing :mod:`analysis.cache`) and
``-q`` (no progress bar); tables go through :mod:`analysis.output` (CSV, or
Parquet for ``-o NAME.parquet``; atomic, never over a file without
``--force``, never through a link or into a special file).

This is the only module that catches :class:`~analysis.errors.CorpusError`
(and other bad-input errors): it prints them to stderr, one per line, and
returns exit status 1; a bad command line exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pandas as pd

from analysis.errors import CorpusError, display_path
from analysis.output import OutputError

__all__ = ["main", "build_parser"]


def _write_table(frame: pd.DataFrame, out: str | None, *, force: bool) -> str:
    """Write ``frame`` to ``out`` or stdout: CSV, Parquet for ``.parquet`` (see :mod:`analysis.output`),
    an Excel workbook for ``.xlsx`` (:mod:`analysis.exchange.xlsx`)."""
    if out not in (None, "-") and Path(out).suffix.lower() == ".xlsx":  # a workbook only when the name says so
        from analysis.exchange.xlsx import write_xlsx_table

        return display_path(write_xlsx_table(frame, Path(out), force=force))
    from analysis.output import write_table

    return write_table(frame, out, force=force)


def _stream_table(frames, out: str | None, *, force: bool, columns) -> int:
    """Write each frame of ``frames`` as it comes (see :mod:`analysis.output`); return the row count."""
    from analysis.output import TableWriter

    if out not in (None, "-") and Path(out).suffix.lower() == ".xlsx":  # a workbook is written whole
        frame = pd.concat(list(frames), ignore_index=True) if frames is not None else None
        frame = frame if frame is not None and len(frame.columns) else pd.DataFrame(columns=columns)
        _write_table(frame, out, force=force)
        return len(frame)
    with TableWriter(out, force=force, columns=columns) as writer:
        for frame in frames:
            writer.write(frame)
    return writer.rows


def _load(corpus_dir: str):
    from analysis.corpus import read_corpus
    from analysis.sentences import sentence_table

    corpus = read_corpus(corpus_dir)
    return corpus, sentence_table(corpus)


def _validate_training_set(folder: str) -> int:
    """``validate`` on a training-set folder (sentences.csv, no documents.csv)."""
    from analysis.training import read_training_set, training_agreement

    summary = training_agreement(read_training_set(folder, agreed_only=False))
    mix = ", ".join(f"{n} {label}" for label, n in summary["labels"].items())
    print(
        f"{display_path(folder)}: valid training set: {summary['n']} sentences, "
        f"{summary['n_second']} coded blind by a second coder, {summary['n_agreed']} agreed ({mix})"
    )
    return 0


def _cmd_validate(args) -> int:
    from analysis.training import is_training_folder

    if is_training_folder(args.corpus_dir):
        return _validate_training_set(args.corpus_dir)
    from analysis.corpus import check_corpus
    from analysis.coding import check_coding_files

    documents, problems = check_corpus(args.corpus_dir)
    n_sheets = 0
    n_sent = 0
    if not problems:
        from analysis.corpus import Corpus
        from analysis.sentences import sentence_table

        sentences = sentence_table(Corpus(Path(args.corpus_dir), documents))
        n_sent = len(sentences)
        n_sheets, coding_problems = check_coding_files(args.corpus_dir, sentences)
        problems += coding_problems
    if problems:
        raise CorpusError(problems)
    print(
        f"{display_path(args.corpus_dir)}: valid: {len(documents)} documents, {n_sent} sentences, "
        f"{n_sheets} coding file(s) checked"
    )
    return 0


def _cmd_sentences(args) -> int:
    from analysis.corpus import read_corpus
    from analysis.output import check_output
    from analysis.sentences import SENTENCE_COLUMNS, iter_sentences

    if args.output not in (None, "-"):
        check_output(args.output, force=args.force)  # refuse before the work, not after
    corpus = read_corpus(args.corpus_dir)
    n = _stream_table(iter_sentences(corpus), args.output, force=args.force, columns=SENTENCE_COLUMNS)
    if args.output not in (None, "-"):
        print(f"wrote {n} sentences to {display_path(args.output)}", file=sys.stderr)
    return 0


def _cmd_tokens(args) -> int:
    from analysis.corpus import read_corpus
    from analysis.output import check_output
    from analysis.tokens import TOKEN_COLUMNS, iter_tables

    if args.output not in (None, "-"):
        check_output(args.output, force=args.force)
    corpus = read_corpus(args.corpus_dir)
    as_csv = args.output in (None, "-") or not str(args.output).lower().endswith((".parquet", ".pq"))
    frames = iter_tables(corpus, tokens_only=True, as_csv=as_csv)
    n = _stream_table(frames, args.output, force=args.force, columns=TOKEN_COLUMNS)
    if args.output not in (None, "-"):
        print(f"wrote {n} tokens to {display_path(args.output)}", file=sys.stderr)
    return 0


def _cmd_coding_sheet(args) -> int:
    from analysis.codebook import read_codebook
    from analysis.coding import coding_sheet, write_coding_sheet

    _, sentences = _load(args.corpus_dir)
    codebook_path = Path(args.codebook) if args.codebook else Path(args.corpus_dir) / "codebook.yml"
    codebook = read_codebook(codebook_path)
    sheet = coding_sheet(sentences)
    written = write_coding_sheet(sheet, args.output, codebook=codebook, force=args.force)
    print(f"wrote {len(sheet)} sentences to {', '.join(display_path(p) for p in written)}", file=sys.stderr)
    return 0


def _cmd_reanchor(args) -> int:
    from analysis.codebook import read_codebook
    from analysis.anchoring import reanchor, reanchor_collisions
    from analysis.coding import SHEET_COLUMNS, read_coding_sheet

    _, sentences = _load(args.corpus_dir)
    codebook_path = Path(args.codebook) if args.codebook else Path(args.corpus_dir) / "codebook.yml"
    codebook = read_codebook(codebook_path)
    coding = read_coding_sheet(args.sheet, codebook, require_complete=False)
    moved = reanchor(coding, sentences)
    added = ["status", "overlap", "old_sent_id", "old_text"]
    extra = [c for c in moved.columns if c not in (*SHEET_COLUMNS, *added, "line")]
    moved_sheet = moved[[*SHEET_COLUMNS, *extra, *added]]
    if args.output and Path(args.output).suffix.lower() == ".xlsx":
        from analysis.exchange.xlsx import write_xlsx_sheet

        write_xlsx_sheet(moved_sheet, args.output, codebook, force=args.force)
    else:
        _write_table(moved_sheet, args.output, force=args.force)
    counts = moved["status"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("exact", "whitespace", "overlap", "orphan"))
    n_coded = int((moved["stance"] != "").sum())
    print(f"re-anchored {len(moved)} rows ({n_coded} coded, {len(moved) - n_coded} uncoded): {summary}",
          file=sys.stderr)
    sheet = display_path(args.sheet)
    for row in moved[moved["status"] == "orphan"].itertuples():
        print(f"{sheet}:{row.line}: sent_id: {row.old_sent_id} could not be re-anchored; "
              f"kept with its old anchor: {row.old_text[:60]!r}", file=sys.stderr)
    for problem in reanchor_collisions(moved, sheet):
        print(f"{problem} (warning)", file=sys.stderr)
    return 0


def _cmd_code(args) -> int:
    from analysis.apply import code_input

    table = code_input(
        args.input,
        coder=args.coder,
        train=args.train,
        text_col=args.text_col,
        label_col=args.label_col,
        corpus_dir=args.corpus,
        review_threshold=args.review_threshold,
    )
    where = _write_table(table, args.output, force=args.force)
    if where != "stdout":
        print(f"coded {len(table)} units into {where} ({int(table['needs_review'].sum())} flagged needs_review)",
              file=sys.stderr)
    return 0


def _cmd_suggest(args) -> int:
    from analysis.active import suggestion_table

    table = suggestion_table(args.sheet, args.corpus_dir, n=args.n, random_state=args.seed)
    where = _write_table(table, args.output, force=args.force)
    if where != "stdout":
        print(f"wrote {len(table)} suggestions to {where}", file=sys.stderr)
    return 0


def _cmd_reproduce(args) -> int:
    from analysis.reproduce import run_notebooks

    for line in run_notebooks(
        args.notebooks, corpus=args.corpus, figures=args.figures, save=args.save_notebooks, timeout=args.timeout,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    ):
        print(line, file=sys.stderr, flush=True)
    return 0


_EXAMPLES = """examples:
  {prog} validate corpus
  {prog} coding-sheet corpus -o sheet.xlsx
  {prog} validate corpus            # after filling the sheet and saving it in corpus/coding/
  {prog} code my-texts.csv -o coded.csv
  {prog} export corpus congruence -o congruence.graphml
  {prog} qdpx export corpus --coding corpus/coding/consensus.csv -o project.qdpx
  {prog} COMMAND --help             # the options of one command
"""


def _prog() -> str:
    """How the command was called: ``python -m analysis`` or the script's name (``city-ties``)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if not name or name in ("__main__.py", "-c") or name.startswith("python"):
        return "python -m analysis"
    return name


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser (``prog``: default from how the command was called)."""
    from analysis import __version__

    prog = prog or _prog()
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Opinion-argument analysis: corpus, sentences, coding, coders and figures.",
        epilog=_EXAMPLES.format(prog=prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def output_args(p, what):
        p.add_argument("-o", "--output", help=f"write the {what} here (CSV; Parquet for a name ending in "
                       ".parquet; an Excel workbook for .xlsx); default: standard output (CSV)")
        p.add_argument("--force", action="store_true", help="overwrite an existing output file")
        run_args(p)

    def run_args(p):
        p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="parallel jobs over documents (joblib; -1: every core); the output is the same for any N")
        p.add_argument("--no-cache", action="store_true",
                       help="recompute instead of reusing what .cache/ holds (each document's sentences "
                       "and tokens; a coder trained on the same data)")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("validate", help="check a corpus folder and its coding files",
                       description="Check the documents table, the texts and the coding files of a corpus "
                       "folder. Prints every problem as FILE:LINE: FIELD: message and exits 1, or a one-line "
                       "summary and exits 0. A folder with sentences.csv and no documents.csv is checked as a "
                       "training set (analysis/data/synthetic).")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    run_args(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("sentences", help="write the sentences table",
                       description="Clean each text and split it into sentences (NLTK Punkt).")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    output_args(p, "sentences")
    p.set_defaults(func=_cmd_sentences)

    p = sub.add_parser("tokens", help="write the tokens table",
                       description="Tokenize every sentence (NLTK word tokenizer) with offsets, terms and stems.")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    output_args(p, "tokens")
    p.set_defaults(func=_cmd_tokens)

    p = sub.add_parser("coding-sheet", help="write a blank coding sheet",
                       description="Write one row per codable sentence with its anchor and empty code columns. "
                       "NAME.csv: UTF-8 with BOM (opens in spreadsheets), allowed codes in NAME.codes.csv. "
                       "NAME.xlsx: an Excel workbook with drop-down lists of the codes, locked text, a memo "
                       "column and the codebook on a second sheet. Every command reads either kind back.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  %(prog)s corpus -o coding/coder_c.xlsx\n  %(prog)s corpus -o sheet.csv")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    p.add_argument("-o", "--output", required=True, help="the sheet to write: sheet.csv or sheet.xlsx")
    p.add_argument("--codebook", help="codebook YAML (default: CORPUS_DIR/codebook.yml)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    run_args(p)
    p.set_defaults(func=_cmd_coding_sheet)

    p = sub.add_parser("reanchor", help="move a sheet's codes onto the current sentences",
                       description="After cleaning or segmentation changed, move each code to the sentence that "
                       "now holds its text (exact, white space, best overlap). Nothing is dropped: every row and "
                       "column of SHEET is kept (uncoded rows too), with a status column; codes that cannot be "
                       "placed are kept with status 'orphan' and listed, and two codes that land on one sentence "
                       "are named.")
    p.add_argument("sheet", metavar="SHEET")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    p.add_argument("--codebook", help="codebook YAML (default: CORPUS_DIR/codebook.yml)")
    output_args(p, "re-anchored sheet (.xlsx: a workbook with drop-down lists)")
    p.set_defaults(func=_cmd_reanchor)

    from analysis.apply import REVIEW_THRESHOLD
    from analysis.learners import LEARNERS

    p = sub.add_parser("code", help="code new texts with an automated coder",
                       description="Code INPUT (a corpus folder, a .txt file, or a CSV with one unit per row) "
                       "with the trained classifier or the dictionary coder. The default classifier (analysis."
                       "learners.DEFAULT_CODER: a linear SVM, the best candidate by out-of-sample evaluation, with C "
                       "chosen by grouped inner cross-validation, on word and character TF-IDF and the codebook's "
                       "general cues) is trained "
                       "at run time on the consensus coding of the shipped corpus (two LLM coders, their few "
                       "differences adjudicated: corpus/coding/README.md) plus "
                       "the synthetic training sentences of analysis/data/synthetic when present; --train trains "
                       "it on your own labelled CSV instead. What it was trained on, its out-of-sample scores and "
                       "where it fails: analysis/data/MODEL_CARD.md. Output: predicted, confidence (calibrated "
                       "probability) and needs_review (confidence below --review-threshold).",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  %(prog)s units.csv -o coded.csv\n  %(prog)s article.txt --coder dictionary\n"
                       "  %(prog)s op-ed.html -o coded.csv\n"
                       "  %(prog)s units.csv --train my-labels.csv -o coded.csv")
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--coder", choices=("classifier", "dictionary", *LEARNERS), default="classifier",
                   help="classifier (the default learner), dictionary, or one learner by name")
    p.add_argument("--review-threshold", type=float, default=REVIEW_THRESHOLD, metavar="P",
                   help=f"flag needs_review below this confidence (default: {REVIEW_THRESHOLD})")
    p.add_argument("--train", metavar="LABELLED.csv", help="train on this labelled CSV instead of the consensus coding")
    p.add_argument("--text-col", default="text", help="text column of a CSV INPUT and of --train (default: text)")
    p.add_argument("--label-col", default="label", help="label column of --train (default: label)")
    p.add_argument("--corpus", default=None, help="corpus folder whose consensus coding trains the default model "
                   "(default: the shipped corpus)")
    output_args(p, "coded units")
    p.set_defaults(func=_cmd_code)

    p = sub.add_parser("suggest", help="the uncoded sentences of a sheet worth coding next",
                       description="Train the default coder on the coded rows of a partly coded sheet and write "
                       "the N uncoded sentences it is least sure of (uncertainty sampling; near copies of a chosen "
                       "sentence wait; ties in a seeded order), with its current label and a score "
                       "(1 - confidence). The sheet must match CORPUS_DIR (run reanchor if it does not).")
    p.add_argument("sheet", metavar="SHEET")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    p.add_argument("-n", type=int, default=20, metavar="N", help="how many sentences to suggest (default: 20)")
    p.add_argument("--seed", type=int, default=0, help="seed for tie-breaks and inner folds (default: 0)")
    output_args(p, "suggestions")
    p.set_defaults(func=_cmd_suggest)

    p = sub.add_parser("reproduce", help="run every notebook and regenerate the figures",
                       description="Execute the notebooks in order (each starts from corpus/), writing figures/. "
                       "--corpus and --figures point them at your own folders.")
    p.add_argument("--notebooks", default="notebooks", help="folder of numbered notebooks (default: notebooks)")
    p.add_argument("--corpus", help="corpus folder for the notebooks (default: corpus/)")
    p.add_argument("--figures", help="where the notebooks write figures (default: figures/)")
    p.add_argument("--save-notebooks", action="store_true",
                   help="store the new outputs in the notebooks (for maintainers updating the nbval reference)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default: 600)")
    p.set_defaults(func=_cmd_reproduce)

    from analysis.exchange.commands import add_export, add_qdpx
    from analysis.ingest.command import add_import

    add_import(sub)
    add_qdpx(sub)
    add_export(sub, output_args)
    return parser


@contextmanager
def _run_settings(args):
    """Jobs, cache and progress for the whole command (-j, --no-cache, --quiet)."""
    from joblib import parallel_config

    from analysis.cache import use_cache
    from analysis.progress import show_progress

    with ExitStack() as stack:
        if getattr(args, "jobs", None) is not None:
            stack.enter_context(parallel_config(n_jobs=args.jobs))
        if getattr(args, "no_cache", False):
            stack.enter_context(use_cache(False))
        if getattr(args, "quiet", False):
            stack.enter_context(show_progress(False))
        yield


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", None) == 0:
        parser.error("-j/--jobs must not be 0")
    try:
        with _run_settings(args):
            return args.func(args)
    except CorpusError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (FileExistsError, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
