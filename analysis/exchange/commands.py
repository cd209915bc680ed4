"""The exchange commands of the command line: ``qdpx export|import`` and ``export``.

Kept beside the exchange modules so :mod:`analysis.cli` only registers them;
:func:`analysis.cli.main` still catches every bad-input error they raise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.errors import CorpusError, Problem, display_path

__all__ = ["add_qdpx", "add_export"]


def _load(corpus_dir):
    from analysis.cli import _load as load

    return load(corpus_dir)


def _write_table(frame, out, *, force):
    from analysis.cli import _write_table as write

    return write(frame, out, force=force)


def _codebook(args):
    from analysis.codebook import read_codebook

    return read_codebook(Path(args.codebook) if args.codebook else Path(args.corpus_dir) / "codebook.yml")


def _cmd_qdpx_export(args) -> int:
    from analysis.exchange import qdpx

    out = Path(args.output)
    if out.suffix.lower() == ".qdc":
        qdpx.write_qdc(out, _codebook(args), force=args.force)
        print(f"wrote the codebook to {display_path(out)}", file=sys.stderr)
        return 0
    if out.suffix.lower() != ".qdpx":
        raise CorpusError([Problem(display_path(out), None, "output", "name it .qdpx (a project) or .qdc (the codebook)")])
    if not args.coding:
        raise CorpusError([Problem(display_path(out), None, "output", "a .qdpx project needs --coding SHEET")])
    from analysis.coding import read_coding_sheet

    corpus, sentences = _load(args.corpus_dir)
    codebook = _codebook(args)
    coding = read_coding_sheet(args.coding, codebook, sentences=sentences, require_complete=False)
    coder = args.coder or Path(args.coding).stem
    qdpx.write_qdpx(out, coding, sentences, qdpx.clean_texts(corpus), codebook, coder=coder, force=args.force)
    print(f"wrote {len(coding)} coded sentences of {sentences['doc_id'].nunique()} documents to {display_path(out)} "
          f"(coder: {coder})", file=sys.stderr)
    return 0


def _cmd_qdpx_import(args) -> int:
    from analysis.coding import write_coding_sheet
    from analysis.exchange import qdpx

    corpus, sentences = _load(args.corpus_dir)
    codebook = _codebook(args)
    coding, problems = qdpx.read_qdpx(args.project, sentences, qdpx.clean_texts(corpus), codebook)
    out = Path(args.output)
    write_coding_sheet(coding, out, codebook=codebook if out.suffix.lower() == ".xlsx" else None, force=args.force)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    counts = coding["mapping"].value_counts()
    how = ", ".join(f"{n} {k}" for k, n in counts.items())
    print(f"imported codes onto {len(coding)} sentences ({how or 'none'}) into {display_path(out)}; "
          f"{len(problems)} selection(s) or code(s) not mapped", file=sys.stderr)
    return 0


def add_qdpx(sub) -> None:
    """The ``qdpx`` command: REFI-QDA exchange with MAXQDA, NVivo, ATLAS.ti, QualCoder."""
    p = sub.add_parser("qdpx", help="exchange codings with QDA programs (REFI-QDA .qdpx / .qdc)",
                       description="Export a corpus and its coding as a REFI-QDA project (.qdpx), which MAXQDA, "
                       "NVivo, ATLAS.ti and QualCoder open, or the codebook alone (.qdc); import a project coded "
                       "in such a program back onto the sentences as a coding sheet.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n"
                       "  %(prog)s export corpus --coding corpus/coding/consensus.csv -o project.qdpx\n"
                       "  %(prog)s export corpus -o codebook.qdc\n"
                       "  %(prog)s import project.qdpx corpus -o sheet.csv")
    qsub = p.add_subparsers(dest="qdpx_command", metavar="ACTION")
    qsub.required = True
    e = qsub.add_parser("export", help="write a .qdpx project (or a .qdc codebook)")
    e.add_argument("corpus_dir", metavar="CORPUS_DIR")
    e.add_argument("--coding", metavar="SHEET", help="the coding sheet to export (.csv or .xlsx)")
    e.add_argument("--coder", help="who coded, shown as the project's user (default: the sheet's name)")
    e.add_argument("--codebook", help="codebook YAML (default: CORPUS_DIR/codebook.yml)")
    e.add_argument("-o", "--output", required=True, help="project.qdpx, or codebook.qdc for the codebook alone")
    e.add_argument("--force", action="store_true", help="overwrite an existing output file")
    e.set_defaults(func=_cmd_qdpx_export)
    i = qsub.add_parser("import", help="map a .qdpx project's codings onto the sentences")
    i.add_argument("project", metavar="PROJECT.qdpx")
    i.add_argument("corpus_dir", metavar="CORPUS_DIR")
    i.add_argument("--codebook", help="codebook YAML (default: CORPUS_DIR/codebook.yml)")
    i.add_argument("-o", "--output", required=True, help="the coding sheet to write (.csv or .xlsx)")
    i.add_argument("--force", action="store_true", help="overwrite an existing output file")
    i.set_defaults(func=_cmd_qdpx_import)


def _cmd_export(args) -> int:
    from analysis.coding import read_coding_sheet
    from analysis.exchange import export

    corpus, sentences = _load(args.corpus_dir)
    codebook = _codebook(args)
    sheet = args.coding or Path(args.corpus_dir) / "coding" / "consensus.csv"
    coding = read_coding_sheet(sheet, codebook, sentences=sentences)
    if args.what in export.NETWORKS:
        graph = export.network(args.what, coding, corpus.documents, codebook, weight=args.weight,
                               include_reprints=args.include_reprints)
        out = Path(args.output or "-")
        if out.suffix.lower() == ".graphml":
            from analysis.compare.networks import write_graphml

            write_graphml(graph, out, force=args.force)
            where = display_path(out)
        else:
            nodes_out = out.with_name(out.stem + ".nodes" + out.suffix) if args.output not in (None, "-") else None
            if nodes_out is not None and nodes_out.exists() and not args.force:
                raise FileExistsError(f"{display_path(nodes_out)} exists; use --force to overwrite it")
            where = _write_table(export.gephi_edges(graph), args.output, force=args.force)
            if nodes_out is not None:
                where += " and " + _write_table(export.gephi_nodes(graph), str(nodes_out), force=args.force)
        if where != "stdout":
            print(f"wrote the {args.what} network ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
                  f"edges) to {where}", file=sys.stderr)
        return 0
    frame = export.table(args.what, coding, sentences, corpus.documents, codebook, corpus_dir=args.corpus_dir,
                         include_reprints=args.include_reprints)
    where = _write_table(frame, args.output, force=args.force)
    if where != "stdout":
        print(f"wrote the {args.what} table ({len(frame)} rows) to {where}", file=sys.stderr)
    return 0


def add_export(sub, output_args) -> None:
    """The ``export`` command: networks and tables for Gephi, spreadsheets and R."""
    from analysis.exchange.export import NETWORKS, TABLES

    p = sub.add_parser("export", help="write a network (GraphML, Gephi CSV) or a table (CSV, .xlsx)",
                       description="Build a network or a table from a coding sheet, as the notebooks do, and "
                       "write it for other tools. Networks: -o NAME.graphml writes GraphML (Gephi, visone, "
                       "igraph); -o NAME.csv writes a Gephi edge list and NAME.nodes.csv its nodes. Tables: "
                       "CSV, or an Excel workbook for -o NAME.xlsx.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n"
                       "  %(prog)s corpus congruence -o congruence.graphml\n"
                       "  %(prog)s corpus conflict -o conflict.csv     # + conflict.nodes.csv, for Gephi\n"
                       "  %(prog)s corpus actor-stances -o actors.xlsx\n"
                       "  %(prog)s corpus statements --coding my-sheet.xlsx")
    p.add_argument("corpus_dir", metavar="CORPUS_DIR")
    p.add_argument("what", metavar="WHAT", choices=(*NETWORKS, *TABLES),
                   help=f"networks: {', '.join(NETWORKS)}; tables: {', '.join(TABLES)}")
    p.add_argument("--coding", metavar="SHEET", help="coding sheet (default: CORPUS_DIR/coding/consensus.csv)")
    p.add_argument("--codebook", help="codebook YAML (default: CORPUS_DIR/codebook.yml)")
    p.add_argument("--weight", choices=("concepts", "statements", "product"), default="concepts",
                   help="edge weight of the one-mode networks (default: concepts; see analysis.compare.networks)")
    p.add_argument("--include-reprints", action="store_true",
                   help="count the statements of reprints too (by default a reprint's statements are left out of "
                   "networks and statement tables, as in the notebooks: analysis.reprints)")
    output_args(p, "network or table")
    p.set_defaults(func=_cmd_export)

