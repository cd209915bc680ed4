"""Web pages (``.html``, ``.htm``, ``.mhtml``): main text and the page's own metadata.

The main text comes from trafilatura [1]_, a main-text extractor that leads
published comparisons of boilerplate removal [2]_: navigation, scripts,
styles, cookie banners, share bars, related-links boxes and footers are
dropped, headings and paragraphs kept in order (one block per heading,
paragraph, list item or quotation).

Metadata is read from the page's own declarations only, never guessed from
its text or address: ``title`` from ``og:title``, JSON-LD ``headline``,
``twitter:title`` or ``<title>`` (first found); ``author`` from JSON-LD
``author.name`` or ``<meta name="author">`` / ``article:author`` (when not a
link); ``date`` from ``article:published_time``, JSON-LD ``datePublished``
or ``<meta name="date">``; ``outlet`` from ``og:site_name`` or JSON-LD
``publisher.name``; ``url`` from ``og:url`` or the canonical link (for an
MHTML file, its ``Snapshot-Content-Location`` when the page names none).

References
----------
.. [1] Barbaresi, A. (2021). Trafilatura: A web scraping library and
   command-line tool for text discovery and extraction. Proceedings of
   ACL-IJCNLP 2021: System Demonstrations, 122-131.
.. [2] Bevendorff, J., Gupta, S., Kiesel, J. & Stein, B. (2023). An
   empirical comparison of web content extraction algorithms. Proceedings
   of SIGIR 2023, 2594-2603.
"""

from __future__ import annotations

import email
import email.policy
import json

import lxml.etree
import lxml.html
import trafilatura

from analysis.ingest.base import ImportedText, iso_date, paragraphs_text, source_error

__all__ = ["read_html", "read_mhtml", "mhtml_page", "page_metadata", "html_lines"]

_BLOCKS = ("head", "p", "item", "quote", "cell")


def _first(*values) -> str:
    for v in values:
        if isinstance(v, str) and v.strip():
            return " ".join(v.split())
    return ""


def _json_ld(tree) -> dict:
    """Return the first JSON-LD object that looks like an article (or {})."""
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content() or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _name(value) -> str:
    if isinstance(value, list):
        return "; ".join(n for n in (_name(v) for v in value) if n)
    if isinstance(value, dict):
        return _first(value.get("name"))
    return _first(value)


def page_metadata(tree) -> dict:
    """Return the metadata a parsed page declares (see the module docstring).

    Parameters
    ----------
    tree : lxml.html.HtmlElement
        The parsed page.

    Returns
    -------
    dict
        ``title, author, outlet, date, date_printed, url``; ``""`` where the
        page declares nothing.
    """
    def meta(*keys):
        for key in keys:
            for attr in ("property", "name", "itemprop"):
                for node in tree.xpath(f'//meta[@{attr}="{key}"]'):
                    if (node.get("content") or "").strip():
                        return node.get("content")
        return ""

    ld = _json_ld(tree)
    titles = tree.xpath("//title")
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    author_meta = _first(meta("author"), meta("article:author"))
    if author_meta.startswith(("http://", "https://")):
        author_meta = ""
    printed = _first(meta("article:published_time"), ld.get("datePublished"), meta("date"), meta("dc.date"))
    return {
        "title": _first(meta("og:title"), ld.get("headline"), meta("twitter:title"),
                        titles[0].text_content() if titles else ""),
        "author": _first(_name(ld.get("author")), author_meta),
        "outlet": _first(meta("og:site_name"), _name(ld.get("publisher"))),
        "date": iso_date(printed),
        "date_printed": printed,
        "url": _first(meta("og:url"), canonical[0] if canonical else ""),
    }


def _parse(html: str | bytes, name: str):
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise source_error(name, "html", f"not a readable web page ({exc})") from None
    return tree


def html_lines(html: str | bytes, name: str) -> list[str]:
    """Return a page's visible text as lines, one per block element, scripts and styles removed.

    Used to read news-database downloads saved as HTML, where every line counts.
    """
    tree = _parse(html, name)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for br in tree.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    blocks = "p div h1 h2 h3 h4 h5 h6 li tr td th pre blockquote section article header footer".split()
    for node in tree.iter(*blocks):
        node.tail = "\n" + (node.tail or "")
        if node.text:
            node.text = "\n" + node.text
    return [" ".join(line.split()) for line in tree.text_content().split("\n")]


def read_html(html: str | bytes, name: str, *, url: str = "") -> list[ImportedText]:
    """Read one web page: its main text and declared metadata.

    Parameters
    ----------
    html : str or bytes
        The page (bytes are decoded as the page declares, else UTF-8).
    name : str
        File name for messages.
    url : str, optional
        Address to use when the page declares none (an MHTML snapshot's).

    Returns
    -------
    list of ImportedText
        One document, format ``html``.

    Raises
    ------
    CorpusError
        ``FILE: html: message`` for an empty page or one without main text.
    """
    if not (html.strip() if isinstance(html, str) else html.strip()):
        raise source_error(name, "html", "the file is empty")
    tree = _parse(html, name)
    meta = page_metadata(tree)
    meta["url"] = meta["url"] or url
    xml = trafilatura.extract(html, output_format="xml", include_comments=False, include_tables=True,
                              include_images=False, include_links=False, with_metadata=False)
    if not xml:
        raise source_error(name, "html", "no main text found (is it a page of links or a script-built page?)")
    doc = lxml.etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    nodes = list(main.iter(*_BLOCKS)) if main is not None else []
    # innermost blocks only: a quotation or list item holding paragraphs gives its paragraphs, once each
    blocks = ["".join(n.itertext()) for n in nodes if not any(d is not n for d in n.iter(*_BLOCKS))]
    text = paragraphs_text(blocks)
    if not text:
        raise source_error(name, "html", "no main text found")
    return [ImportedText(text, "html", 1, meta)]


def mhtml_page(data: bytes, name: str) -> tuple[str, str]:
    """Return the HTML of an MHTML (web archive) file and the address it was saved from."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    location = _first(msg.get("Snapshot-Content-Location"), msg.get("Content-Location"))
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            try:
                html = part.get_content()
            except (LookupError, ValueError) as exc:
                raise source_error(name, "mhtml", f"cannot decode the page ({exc})") from None
            return html, _first(location, part.get("Content-Location"))
    raise source_error(name, "mhtml", "no text/html part (is it an MHTML web archive?)")


def read_mhtml(data: bytes, name: str) -> list[ImportedText]:
    """Read an MHTML web archive (a page saved by a browser as one file).

    Returns
    -------
    list of ImportedText
        One document, format ``mhtml``.
    """
    if not data.strip():
        raise source_error(name, "mhtml", "the file is empty")
    html, location = mhtml_page(data, name)
    docs = read_html(html, name, url=location)
    for d in docs:
        d.format = "mhtml"
    return docs
