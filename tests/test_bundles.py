"""Motion books, Word ZIPs, feeds and motions.json: read back as their users' tools would."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile

import lxml.html
import pytest
from pypdf import PdfReader

from motionlib.commands.build import build
from motionlib.model.schema import Motion
from tests.conftest import write_project

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(sample_build):
    _, summary = sample_build
    motions = [r for r in summary.report.rendered if r.doc.kind == "motion"]
    return summary.site_dir, motions


def in_site_order(motions):
    from motionlib.model.addresses import newest_first

    return sorted(motions, key=newest_first)


def test_topic_book_outline_contents_and_text(built):
    site, motions = built
    members = in_site_order([m for m in motions if "Climate" in m.doc.topics])
    reader = PdfReader(site / "downloads" / "books" / "topic-climate.pdf")
    outline = [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline]
    assert [title for title, _ in outline] == [m.doc.heading for m in members]
    contents = reader.pages[1].extract_text()
    for title, index in outline:  # the contents name the page the motion starts on, as printed
        line = re.escape(title)  # a whole line: one title can be part of another
        listed = re.search(rf"(?m)^{line}$\D*?(\d+)", contents)  # after the submitter
        assert listed and listed.group(1) == reader.page_labels[index], (title, index)
        assert " ".join(title.split()) in " ".join(reader.pages[index].extract_text().split())
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(m.doc.byline in text for m in members)
    assert reader.metadata.title == "Motions: Climate"


def test_an_assembled_book_numbers_its_pages_and_links_its_contents(built, tmp_path):
    """Books are made from the single PDFs: the front is numbered i, ii…, the motions' pages from
    1 in their own footers (the singles' "Page 1 of 2" gone), the page labels say the same, the
    contents link to the motions, and the same input gives the same bytes."""
    import pikepdf
    from pypdf import PdfReader

    site, motions = built
    path = site / "downloads" / "books" / "topic-climate.pdf"
    reader = PdfReader(path)
    front = reader.page_labels.index("1")
    assert reader.page_labels[:front] == ["i", "ii", "iii", "iv"][:front] and front == 2
    assert "Page ii" in reader.pages[1].extract_text()
    total = len(reader.pages) - front
    for number, page in enumerate(reader.pages[front:], 1):
        assert reader.page_labels[front + number - 1] == str(number)
        footers = re.findall(r"Page \d+ of \d+", page.extract_text())
        assert footers == [f"Page {number} of {total}"], (number, footers)
    with pikepdf.open(path) as pdf:
        number_of = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        links = [a.Dest[0].objgen for a in pdf.pages[1].obj.get("/Annots", []) if "/Dest" in a]
        targets = list(dict.fromkeys(number_of[objgen] for objgen in links))
    outline = [reader.get_destination_page_number(e) + 1 for e in reader.outline]
    climate = [m for m in motions if "Climate" in m.doc.topics]
    assert targets == outline and len(targets) == len(climate) >= 3
    from motionlib.exports.pdf.single import book_bytes

    members = in_site_order([m for m in motions if "Climate" in m.doc.topics])
    singles = [(site / "downloads/motions" / f"{m.doc.slug}.pdf").read_bytes() for m in members]
    settings = built_settings(site)
    first = book_bytes("Motions: Climate", [m.doc for m in members], singles, settings)
    assert first == book_bytes("Motions: Climate", [m.doc for m in members], singles, settings)


def built_settings(site):
    from motionlib.library.settings import load_mkdocs_config, plugin_options, settings_from

    config = load_mkdocs_config(site.parent.parent / "mkdocs.yml")
    return settings_from(config, plugin_options(config))


def test_meeting_and_library_books(built):
    site, motions = built
    meeting = [m for m in motions if m.doc.meta.meeting == "Annual Conference 2026"]
    reader = PdfReader(site / "downloads" / "books" / "meeting-annual-conference-2026.pdf")
    assert [e.title for e in reader.outline] == [m.doc.heading for m in in_site_order(meeting)]
    everything = PdfReader(site / "downloads" / "books" / "all-motions.pdf")
    assert len(everything.outline) == len(motions) == 19


def test_word_zip_holds_exactly_the_single_exports(built):
    site, motions = built
    members = [m for m in motions if "Transport" in m.doc.topics]
    with zipfile.ZipFile(site / "downloads" / "word" / "topic-transport.zip") as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(f"{m.doc.slug}.docx" for m in members)
        for member in members:
            single = site / "downloads" / "motions" / f"{member.doc.slug}.docx"
            assert archive.read(f"{member.doc.slug}.docx") == single.read_bytes()


def test_pages_link_to_bundles_with_sizes(built):
    site, _ = built
    for page, stem in (
        ("topics/housing", "topic-housing"),
        ("meetings/annual-conference-2026", "meeting-annual-conference-2026"),
        (".", "all-motions"),
    ):
        tree = lxml.html.fromstring((site / page / "index.html").read_text(encoding="utf-8"))
        links = tree.xpath("//p[contains(@class, 'ml-bundle')]/a[@download]")
        assert len(links) == 2, page
        for link in links:
            target = (site / page / link.get("href")).resolve()
            assert target.is_file() and target.stem == stem
            size = link.xpath("span[@class='ml-size']/text()")[0]
            assert size == f"({max(1, round(target.stat().st_size / 1000))} KB)"


def test_atom_feed_is_valid_and_newest_first(built):
    site, _ = built
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 23  # every motion and briefing of the sample library
    for entry in entries:
        for required in ("id", "title", "updated", "link", "author", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        href = entry.find(f"{ATOM}link").get("href")
        assert (site / href / "index.html").is_file()
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    topic = ET.parse(site / "topics" / "transport" / "feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in topic.findall(f"{ATOM}entry")]
    assert titles == ["Restore withdrawn bus routes", "Take back control of our buses"]
    href = topic.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert (site / "topics" / "transport" / href / "index.html").resolve().is_file()


def test_motions_json_round_trips_front_matter(built):
    site, motions = built
    data = json.loads((site / "motions.json").read_text(encoding="utf-8"))
    entries = {e["slug"]: e for e in data["documents"] if e["kind"] == "motion"}
    assert set(entries) == {m.doc.slug for m in motions}
    for motion in motions:
        entry = entries[motion.doc.slug]
        assert Motion.model_validate(entry["front_matter"]) == motion.doc.meta
        assert (site / entry["url"] / "index.html").is_file()
        assert entry["source"] == motion.doc.path


MOTION = """\
---
title: {title}
submitter: Branch
topic: {topic}
status: submitted
meeting: Spring Conference
---

Text of {title}.
"""


def test_bundles_are_rebuilt_only_when_a_member_changes(tmp_path):
    gamma = MOTION.format(title="Gamma", topic="Housing").replace(
        "meeting: Spring Conference\n", ""
    )
    files = {
        "motions/a.md": MOTION.format(title="Alpha", topic="Housing"),
        "motions/b.md": MOTION.format(title="Beta", topic="Climate"),
        "motions/c.md": gamma,
    }
    config = write_project(tmp_path, files)
    first = build(config)
    # a book and a ZIP each for Housing [A, C], Climate [B], Spring Conference [A, B], all
    assert first.bundles == (8, 0)
    assert build(config).bundles == (0, 8)
    path = tmp_path / "motions" / "b.md"
    path.write_text(path.read_text().replace("Text of", "The text of"))
    # Climate, the meeting and the library contain Beta; Housing does not
    assert build(config).bundles == (6, 2)


def test_book_limit_keeps_the_zip_but_skips_the_book(tmp_path):
    files = {f"motions/m{n}.md": MOTION.format(title=f"M{n}", topic="Housing") for n in range(3)}
    config = write_project(tmp_path, files)
    config.write_text(config.read_text() + "      book_limit: 2\n      books: [topic]\n")
    site = build(config).site_dir
    assert not (site / "downloads" / "books").exists()
    assert (site / "downloads" / "word" / "topic-housing.zip").is_file()


def test_a_preview_makes_zips_but_no_books(built):
    from motionlib.exports.bundles import plan_bundles
    from motionlib.model.schema import Settings

    _, motions = built
    bundles = plan_bundles(motions, Settings(), books=False)
    assert bundles and not any(b.book for b in bundles)
    assert all(b.book for b in plan_bundles(motions, Settings()) if len(b.members) <= 100)


def _tagged_content(pdf, page) -> list[tuple[int, str, bool]]:
    """(MCID, element type, whether the element hangs from the document's root) for every
    marked-content id on the page that the parent tree maps, checking that each maps to an
    element of this page. (WeasyPrint 70 leaves a few elements out of their parents' kids.)"""
    import pikepdf

    reachable = _reachable(pdf.Root.StructTreeRoot)
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    content = page.obj.Contents.read_bytes()
    elements = parents[int(page.obj.StructParents)]
    found = []
    for mcid in sorted(int(m) for m in re.findall(rb"/MCID (\d+)", content)):
        element = elements[mcid] if mcid < len(elements) else None
        if isinstance(element, pikepdf.Dictionary):
            owner = element
            while "/Pg" not in owner:
                owner = owner.P
            assert owner.Pg.objgen == page.obj.objgen, mcid
            found.append((mcid, str(element.S), element.objgen in reachable))
    return found


def _reachable(root) -> set:
    import pikepdf

    seen, stack = set(), [root]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            fresh = isinstance(kid, pikepdf.Dictionary) and "/S" in kid
            if fresh and (not kid.is_indirect or kid.objgen not in seen):
                seen.add(kid.objgen)
                stack.append(kid)
    return seen


def test_an_assembled_book_keeps_every_motions_tags(built):
    """The book is PDF/UA-tagged like its singles: each motion's tag tree is a Part of the book's
    Document, titled with the motion, and every page maps the same marked content to elements
    of the same types as the motion's own PDF does, all reachable from the root."""
    import pikepdf

    site, motions = built
    members = in_site_order([m for m in motions if "Climate" in m.doc.topics])
    with pikepdf.open(site / "downloads" / "books" / "topic-climate.pdf") as book:
        assert book.Root.MarkInfo.Marked and str(book.Root.Lang)
        assert 'pdfuaid:part="1"' in str(book.open_metadata())
        document = book.Root.StructTreeRoot.K[0]
        parts = [kid for kid in document.K if kid.get("/S") == "/Part"]
        assert [str(part.T) for part in parts] == [m.doc.heading for m in members]
        index = front = len(book.pages) - sum(
            len(pikepdf.open(site / "downloads/motions" / f"{m.doc.slug}.pdf").pages)
            for m in members
        )
        assert front == 2 and _tagged_content(book, book.pages[1])  # the contents
        for member in members:
            with pikepdf.open(site / "downloads/motions" / f"{member.doc.slug}.pdf") as single:
                for page in single.pages:
                    expected = _tagged_content(single, page)
                    assert any(reachable for *_, reachable in expected)
                    assert _tagged_content(book, book.pages[index]) == expected
                    index += 1
        assert index == len(book.pages)
        annotations = [a for page in book.pages for a in page.obj.get("/Annots", [])]
        parents = pikepdf.NumberTree(book.Root.StructTreeRoot.ParentTree)
        assert len(annotations) > len(members)
        for annotation in annotations:  # every link's element refers back to it
            link = parents[int(annotation.StructParent)]
            assert any(
                k.get("/Obj") is not None and k.Obj.objgen == annotation.objgen
                for k in link.K
                if isinstance(k, pikepdf.Dictionary)
            )


@pytest.mark.parametrize(
    "footer",
    [
        "@page { @bottom-right { font-size: 13pt; color: #036; } }",  # restyled: numbers follow
        "@page { @bottom-right { content: none; } }",  # removed: the book adds none
    ],
)
def test_a_library_stylesheet_shapes_the_books_page_numbers(project, footer):
    """The book's numbers are written with the footer the library's print stylesheet makes:
    restyled, they keep its size and right edge; removed, the book still builds."""
    import subprocess

    from tests.conftest import GOOD_MOTION

    files = {
        f"motions/m{n}.md": GOOD_MOTION.replace("title: Good motion", f"title: Motion {n}")
        + "\n".join(f"{i}. That clause {i} is long enough. " * 3 for i in range(1, 40))
        for n in range(3)
    }
    files["print.css"] = footer
    config = project(files)
    options = "  - motions:\n      print_css: print.css\n      books: [all]\n"
    config.write_text(config.read_text().replace("  - motions:\n", options))
    site = build(config).site_dir

    def footers(path, first, last):
        """(text, right edge, height) of each 'Page … of …' footer, by pdftotext's boxes."""
        boxes = subprocess.run(
            ["pdftotext", "-f", str(first), "-l", str(last), "-bbox", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes
        )
        found = []
        for i, (_, y0, _, y1, word) in enumerate(words):
            if word == "Page" and i + 3 < len(words) and words[i + 2][4] == "of":
                text = " ".join(w[4] for w in words[i : i + 4])
                found.append(
                    (text, round(float(words[i + 3][2]), 1), round(float(y1) - float(y0), 1))
                )
        return found

    book = site / "downloads/books/all-motions.pdf"
    single = site / "downloads/motions/m0.pdf"
    reader = PdfReader(book)
    front, pages = reader.page_labels.index("1"), len(reader.pages)
    own = footers(single, 1, 1)
    numbered = footers(book, front + 1, pages)
    if "content: none" in footer:
        assert own == [] and numbered == []
        return
    body = pages - front
    assert [text for text, *_ in numbered] == [f"Page {n} of {body}" for n in range(1, body + 1)]
    (_, edge, height), *_ = own
    assert all(abs(e - edge) < 0.5 and abs(h - height) < 0.5 for _, e, h in numbered), (
        own,
        numbered,
    )
    assert height > 14  # 13pt, not the default 8.5pt
