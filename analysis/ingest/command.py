"""The ``import`` command of the command line (``python -m analysis import SOURCE... -o DIR``).

Kept beside the readers so :mod:`analysis.cli` only registers it;
:func:`analysis.cli.main` still catches every bad-input error it raises.
"""

from __future__ import annotations

import sys

from analysis.errors import CorpusError, display_path

__all__ = ["add_import"]


def _cmd_import(args) -> int:
    from analysis.ingest.build import import_sources

    meta_cols = tuple(c.strip() for c in args.meta_cols.split(",") if c.strip()) if args.meta_cols else ()
    try:
        result = import_sources(args.sources, args.output, text_col=args.text_col, meta_cols=meta_cols,
                                encoding=args.encoding, delimiter=args.delimiter, force=args.force,
                                keep_going=args.keep_going)
    except ValueError as exc:
        if isinstance(exc, CorpusError):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    log = result.log
    reprints = log["message"][log["message"].str.startswith("reprint of ")]
    n_exact = int(reprints.str.endswith(": exact copy").sum())
    n_foreign = int(log["message"].str.startswith("probably not English").sum())
    print(f"imported {len(result.documents)} documents from {result.documents['source_file'].nunique()} file(s) "
          f"into {display_path(result.corpus_dir)}: {len(reprints)} marked as reprints ({n_exact} exact, "
          f"{len(reprints) - n_exact} near-duplicate), {n_foreign} probably not English, {len(result.problems)} "
          f"not imported; see {display_path(result.corpus_dir / 'import-log.csv')}", file=sys.stderr)
    return 0


def add_import(sub) -> None:
    """The ``import`` command: a new corpus folder from web pages, Word, PDF, exports and news downloads."""
    p = sub.add_parser("import", help="make a corpus folder from your files (web pages, Word, PDF, exports...)",
                       description="Read web pages (.html, .mhtml), Word (.docx, .odt), PDF, RTF, plain text, "
                       "CSV/TSV/JSON/JSONL exports (one document per row) and Nexis or Factiva downloads (split "
                       "into articles), and write a new corpus folder: raw/*.txt, documents.csv and "
                       "import-log.csv. Folders are read recursively. Duplicates are marked in reprint_of; "
                       "texts that do not look English are flagged in the log.")
    p.add_argument("sources", metavar="SOURCE", nargs="+", help="files or folders to import")
    p.add_argument("-o", "--output", required=True, metavar="CORPUS_DIR", help="the corpus folder to write")
    p.add_argument("--text-col", default="text", help="text column of CSV/JSON sources (default: text)")
    p.add_argument("--meta-cols", metavar="A,B", help="further columns of CSV/JSON sources to keep")
    p.add_argument("--encoding", help="encoding of .txt/CSV/JSON sources, e.g. cp1252 (default: detected)")
    p.add_argument("--delimiter", help="delimiter of CSV sources, e.g. ';' (default: sniffed)")
    p.add_argument("--force", action="store_true", help="replace an existing CORPUS_DIR")
    p.add_argument("--keep-going", action="store_true", help="import the good files and report the bad ones")
    p.set_defaults(func=_cmd_import)
