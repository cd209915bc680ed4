"""A mixed folder of invented source files, for the notebook and the tests.

:func:`write_example_sources` writes, deterministically, one file of each
kind a scholar brings: a saved web page with its boilerplate, a Word file,
a two-page PDF, an RTF, a CSV and a JSON Lines export, a Nexis-style and a
Factiva-style download with several articles, a text in German and a scan
without a text layer. Every text, name, outlet and date in them is invented
for this demonstration (not taken from any page or download); the layouts
follow the published descriptions of those formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from pathlib import Path

from analysis.ingest.pdfwrite import pdf_bytes

__all__ = ["write_example_sources", "page_html", "docx_bytes", "rtf_document", "csv_text", "nexis_text",
           "factiva_html", "PAGE", "BOILERPLATE", "WORD", "PDF_PAGES", "PDF_MENDED", "RTF", "TABLE_ROWS",
           "JSONL_ROWS", "NEXIS", "FACTIVA", "GERMAN"]

PAGE = {
    "title": "Twin towns at a crossroads",
    "outlet": "The Riverside Ledger",
    "author": "Dana Example",
    "published": "2022-03-09T08:00:00+00:00",
    "blocks": [
        ("h1", "Twin towns at a crossroads"),
        ("p", "When the war began, the council of our small river town had to decide what to do about its twin "
              "across the sea, a friendship that had lasted for thirty years."),
        ("p", "Some members argued that the link should be suspended at once, because a city cannot stay silent "
              "while the partner country's army shells civilians in a neighbouring country."),
        ("h2", "The case for keeping contact"),
        ("p", "Others replied that the twinning was made by people, not governments, and that cutting the ties "
              "would punish schoolchildren and pensioners who never voted for the war."),
        ("p", "In the end the council chose a middle path: official visits were paused, but letters between "
              "the schools would continue for as long as the families wished."),
    ],
}
#: Text of the page that is not the article and must not arrive.
BOILERPLATE = ["We use cookies to improve your experience", "Accept all cookies", "Share on Facebook",
               "Email this article", "Related articles", "Mayor opens new bridge", "Library hours extended",
               "All rights reserved", "Privacy policy", "tracking", "color:red", "Opinion", "Sport"]

WORD = {
    "title": "Notes for the twinning committee",
    "author": "Sam Placeholder",
    "paragraphs": [
        "Notes for the twinning committee",
        "The committee met on Tuesday to discuss the partnership with our sister city.",
        "Members agreed that the annual youth exchange should be postponed until the fighting stops.",
        "A minority asked that the town hall flag of the partner city be taken down.",
    ],
}

PDF_PAGES = [
    [
        "Resolution on the sister-city partnership",
        "The council notes with alarm the invasion of a sovereign neighbour by the country in which our "
        "partner city lies, and the suffering it has brought to civilians.",
        "The council therefore suspends all official exchanges with the partner city and asks the mayor to",
    ],
    [
        "write to its mayor explaining why the ties are paused and on what terms they could resume.",
        "Friendships between residents, schools and clubs are not affected by this resolution.",
    ],
]
#: The paragraph cut by the page break, as it must arrive.
PDF_MENDED = (
    "The council therefore suspends all official exchanges with the partner city and asks the mayor to "
    "write to its mayor explaining why the ties are paused and on what terms they could resume."
)

RTF = {
    "title": "Statement by the friendship society",
    "paragraphs": [
        "The friendship society will keep writing to its members in the partner city.",
        "We believe that ordinary people on both sides need to hear from each other now more than ever.",
    ],
}

WIRE = ("City councils across the region voted this week on whether to keep their sister-city links with "
        "towns in the country at war, with most choosing to pause official visits while keeping cultural "
        "exchanges alive.")

TABLE_ROWS = [
    {"title": "Councils weigh sister-city links", "publish_date": "2022-03-10", "url": "https://example.org/a",
     "media_name": "Example Wire", "text": WIRE},
    {"title": "Harbour town cuts ties", "publish_date": "", "url": "https://example.org/b", "media_name": "",
     "text": "The harbour town ended its partnership on Monday, saying it could not stay neutral."},
]

JSONL_ROWS = [
    {"headline": "Regional councils and their twins", "date": "March 11, 2022", "source": "Example Daily",
     "text": WIRE + " One council chose to end the link."},
    {"headline": "Choir keeps singing with its twin", "date": "", "source": "Example Daily",
     "text": "The town choir said its online rehearsals with singers from the partner city would go on."},
]

NEXIS = [
    {"title": "Mayor defends twinning", "outlet": "The Example Gazette", "date": "March 3, 2022 Thursday",
     "section": "OPINION; Pg. 12", "length": "86 words", "byline": "Jo Invented",
     "body": ["Our mayor was right to keep the door open to the people of our twin city.",
              "Ending the partnership would not shorten the war by a single day, and it would silence the "
              "voices there who still want to talk to us."],
     "load": "March 4, 2022"},
    {"title": "Letters: cut the ties now", "outlet": "The Example Gazette", "date": "March 5, 2022 Saturday",
     "section": "LETTERS; Pg. 14", "length": "61 words", "byline": "",
     "body": ["Every week we delay, our town lends its good name to a government that is bombing its neighbours.",
              "The council should suspend the twinning until the troops go home."],
     "load": "March 6, 2022"},
]

FACTIVA = [
    {"title": "Twin cities and the war", "author": "By Alex Sample", "words": "58 words", "date": "7 March 2022",
     "outlet": "Example Evening Post", "code": "EXEP", "body": [
         "Sister-city ties were built for hard times, and hard times have come.",
         "Pausing them now would waste thirty years of patient work by volunteers."],
     "doc": "Document EXEP000020220307ei3700001"},
    {"title": "Council to review partnership", "author": "", "words": "41 words", "date": "8 March 2022",
     "outlet": "Example Evening Post", "code": "EXEP", "body": [
         "The council will review its partnership agreement at its next meeting, officials said."],
     "doc": "Document EXEP000020220308ei3800002"},
]

GERMAN = ("Der Stadtrat hat beschlossen, die Städtepartnerschaft vorerst ruhen zu lassen. Die Kontakte zwischen "
          "Schulen und Vereinen sollen jedoch bestehen bleiben, weil die Menschen in beiden Städten nicht für "
          "den Krieg verantwortlich sind.")


def page_html() -> str:
    """Return the example web page: the article of :data:`PAGE` inside realistic boilerplate."""
    p = PAGE
    body = "\n".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in p["blocks"][:2])
    body += ('\n<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> '
             '<a href="#">Email this article</a></div>\n')
    body += "\n".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in p["blocks"][2:])
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": p["title"],
                     "author": {"@type": "Person", "name": p["author"]}})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{p['title']} | {p['outlet']}</title>
<meta property="og:title" content="{p['title']}">
<meta property="og:site_name" content="{p['outlet']}">
<meta property="article:published_time" content="{p['published']}">
<script type="application/ld+json">{ld}</script>
<style>.banner{{color:red}}</style>
<script>var tracking = "consent";</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.</p>
<button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
{body}
</article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/a">Mayor opens new bridge</a></li>
<li><a href="/b">Library hours extended over summer</a></li></ul></aside>
</main>
<footer><p>Copyright 2022 {p['outlet']}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def docx_bytes() -> bytes:
    """Return the example Word file (:data:`WORD`), byte-stable."""
    import docx

    document = docx.Document()
    document.add_heading(WORD["paragraphs"][0], level=1)
    for para in WORD["paragraphs"][1:]:
        document.add_paragraph(para)
    props = document.core_properties
    props.title, props.author = WORD["title"], WORD["author"]
    props.created = props.modified = dt.datetime(2022, 3, 8, 12, 0)
    props.last_modified_by, props.revision = "", 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, so the file is byte-stable."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (2022, 3, 8, 12, 0, 0)), src.read(info.filename))
    return out.getvalue()


def rtf_document(paragraphs: list[str], *, title: str = "", author: str = "") -> str:
    """Return an RTF document with an ``\\info`` group and one ``\\par`` per paragraph."""
    def esc(text):
        return "".join(c if ord(c) < 128 and c not in "\\{}" else
                       (f"\\{c}" if c in "\\{}" else f"\\u{ord(c)}?") for c in text)

    info = "".join(f"{{\\{k} {esc(v)}}}" for k, v in (("title", title), ("author", author)) if v)
    body = "\n".join(f"\\pard {esc(p)}\\par" for p in paragraphs)
    return (f"{{\\rtf1\\ansi\\deff0{{\\fonttbl{{\\f0 Times New Roman;}}}}{{\\info{info}}}\n"
            f"{body}\n}}\n")


def nexis_text(articles=NEXIS) -> str:
    """Return a Nexis Uni-style download (plain text) holding ``articles``."""
    lines = []
    for a in articles:
        lines += [a["title"], a["outlet"], a["date"], "", "Copyright 2022 Example Media Ltd. All Rights Reserved",
                  "", f"Section: {a['section']}", f"Length: {a['length']}"]
        lines += [f"Byline: {a['byline']}"] if a["byline"] else []
        lines += ["", "Body", ""]
        for para in a["body"]:
            lines += [para, ""]
        lines += ["Classification", "", "Language: ENGLISH", "", "Publication-Type: Newspaper", "",
                  f"Load-Date: {a['load']}", "", "", "End of Document", ""]
    return "\n".join(lines)


def factiva_html(articles=FACTIVA) -> str:
    """Return a Factiva-style download (HTML, one ``<p>`` per line) holding ``articles``."""
    parts = []
    for a in articles:
        lines = [a["title"]] + ([a["author"]] if a["author"] else []) + [
            a["words"], a["date"], a["outlet"], a["code"], "English", "Copyright 2022 Example Evening Post."]
        lines += a["body"] + [a["doc"]]
        parts.append('<div class="article">' + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</div>")
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def csv_text(rows) -> str:
    """Return ``rows`` (dicts with the same keys) as CSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_example_sources(folder: str | Path) -> list[Path]:
    """Write the invented example sources into ``folder`` (created if needed).

    Returns
    -------
    list of pathlib.Path
        The files written, sorted by name.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "page.html": page_html().encode("utf-8"),
        "committee-notes.docx": docx_bytes(),
        "resolution.pdf": pdf_bytes(PDF_PAGES, title="Resolution on the sister-city partnership"),
        "statement.rtf": rtf_document(RTF["paragraphs"], title=RTF["title"]).encode("ascii"),
        "mediacloud-export.csv": csv_text(TABLE_ROWS).encode("utf-8"),
        "feed.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL_ROWS).encode("utf-8"),
        "nexis-download.txt": nexis_text().encode("utf-8"),
        "factiva-download.html": factiva_html().encode("utf-8"),
        "stadtrat.txt": (GERMAN + "\n").encode("utf-8"),
        "scan.pdf": pdf_bytes([[], []], text_layer=False),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(folder / name for name in files)
