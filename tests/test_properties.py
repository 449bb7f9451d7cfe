"""Whatever `check` accepts, every output builds: property-based tests over generated libraries.

Hypothesis writes front matter (every field, odd Unicode, control characters, long and empty
strings, HTML, YAML edge cases) and bodies (nesting, brackets, lists, quotes, links, code);
each file goes through check and, where check passed, through PDF, Word and the site. Any
exception other than a reported problem fails the test.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motionlib.library.checks import check_library
from motionlib.library.load import load_library
from motionlib.model.schema import Settings

SETTINGS = Settings(topics=None)
ODD = st.sampled_from(
    [
        "",
        " ",
        "yes",
        "no",
        "off",
        "null",
        "~",
        "1e3",
        "0x1F",
        "2026-02-30",
        "- x",
        "# hash",
        ": colon",
        "'quote",
        '"double',
        "[list",
        "{map",
        "*alias",
        "&anchor",
        "!tag",
        "|",
        ">",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "Wiśniewska",
        "Київ",
        "東京",
        "مرحبا",
        "e\u0301",
        "\u200b",
        "\u202e",
        "😀",
        "index",
        "Index",
        "x" * 300,
        "\x0b",
        "\x00",
        "\x0c",
        "\t",
        "\ufffe",
        "[[Branch name]]",
        "%",
    ]
)
TEXT = st.one_of(ODD, st.text(max_size=40), st.lists(ODD, max_size=4).map(" ".join))
VALUE = st.one_of(
    TEXT,
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(TEXT, max_size=3),
    st.dictionaries(st.sampled_from(["by", "date", "x"]), TEXT, max_size=2),
)
FIELDS = st.sampled_from(
    [
        "date",
        "supporters",
        "meeting",
        "summary",
        "amends",
        "composited_into",
        "supersedes",
        "adopted_by",
        "line_numbers",
        "author",
        "unknown",
    ]
)


CLEAN = st.one_of(
    ODD.filter(lambda s: s.strip() and not any(c in s for c in "\x00\x0c\ufffe")),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
        str.strip
    ),
)


@st.composite
def front_matter(draw) -> str:
    """Half the time a front matter an editor could have written; half the time anything."""
    if draw(st.booleans()):
        data = {
            "title": draw(CLEAN.map(lambda s: s[:200])),
            "submitter": draw(CLEAN),
            "topic": draw(st.lists(CLEAN, min_size=1, max_size=3)),
            "status": draw(st.sampled_from(["template", "submitted", "passed"])),
            "supporters": draw(st.lists(CLEAN, max_size=4)),
            "meeting": draw(CLEAN),
            "summary": draw(CLEAN),
            "date": draw(st.dates().map(lambda d: d.isoformat())),
        }
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    data = {
        "title": draw(TEXT),
        "submitter": draw(TEXT),
        "topic": draw(st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3))),
        "status": draw(st.sampled_from(["template", "submitted", "passed", "pased", ""])),
    }
    data.update(draw(st.dictionaries(FIELDS, VALUE, max_size=4)))
    if draw(st.booleans()):
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # Hand-typed YAML: values as they are, where YAML's own rules bite.
    return "".join(f"{key}: {value}\n" for key, value in data.items() if isinstance(value, str))


INLINE = st.sampled_from(
    [
        "word",
        "*em*",
        "**strong**",
        "`code`",
        "[link](https://example.org)",
        "[[Place]]",
        "[",
        "]",
        "](",
        "[x]: https://e.org",
        "[a](https://e.org/\x0bx)",
        "<b>",
        "&amp;",
        "&#0;",
        "\\",
        "_",
        "~~",
        "\x0b",
        "![img](https://e.org/x.png)",
        "<https://example.org>",
        "\u00a0",
        "«»",
        "“quotes”",
        "Київ",
        "<!--",
        "-->",
        "|",
        "***",
        "javascript:alert(1)",
        "![chart](chart.png)",  # a picture beside the motion (write() puts it there)
        "![](chart.png)",
        "![x](missing.png)",
        "![x](../chart.png)",
        "[^1]",
        "[^2]",
        "ሰላም",  # a script no shipped font draws
    ]
)


@st.composite
def block(draw, depth: int = 0):
    line = " ".join(draw(st.lists(INLINE, min_size=1, max_size=8)))
    kinds = ["para", "list", "olist", "quote", "code", "heading", "table", "note"]
    kind = draw(st.sampled_from(kinds))
    if kind == "para" or depth > 3:
        return line
    if kind == "note":
        return f"[^{draw(st.sampled_from(['1', '2']))}]: {line}"
    if kind in ("list", "olist"):
        marker = "-" if kind == "list" else "1."
        items = draw(st.lists(st.just(line), min_size=1, max_size=3))
        loose = "\n\n" if draw(st.booleans()) else "\n"
        nested = draw(st.booleans())
        body = loose.join(f"{marker} {item}" for item in items)
        if nested:
            inner = draw(block(depth + 1))
            body += "\n" + "\n".join("    " + row for row in inner.split("\n"))
        return body
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + row for row in inner.split("\n"))
    if kind == "code":
        return f"```\n{line}\n```"
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + line
    return f"| a | b |\n|---|---|\n| {line} | x |"


@st.composite
def body(draw) -> str:
    blocks = draw(st.lists(block(), min_size=0, max_size=6))
    deep = draw(st.integers(0, 30))
    extra = draw(st.sampled_from(["", "", "", "quotes", "lists", "brackets"]))
    if extra == "quotes":
        blocks.append(">" * deep + " deep")
    elif extra == "lists":
        blocks.append("".join(" " * 4 * n + "- level\n" for n in range(deep)))
    elif extra == "brackets":
        blocks.append("[" * draw(st.integers(0, 1200)))
    return "\n\n".join(blocks)


PICTURE = (  # a 1×1 PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92"
    b"\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def write(root: Path, front: str, text: str) -> None:
    (root / "motions").mkdir(parents=True, exist_ok=True)
    (root / "motions" / "m.md").write_text(f"---\n{front}---\n\n{text}\n", encoding="utf-8")
    (root / "motions" / "chart.png").write_bytes(PICTURE)


def checked(root: Path):
    library = load_library(root, SETTINGS)
    rendered, problems = check_library(library, None)
    for problem in problems:
        assert problem.path.startswith("motions/") and problem.message
        assert "\n" not in str(problem)
    return rendered, [p for p in problems if p.is_error]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(front=front_matter(), text=body())
def test_what_check_accepts_pdf_and_word_build(tmp_path_factory, front, text):
    from motionlib.exports.pdf.single import pdf_bytes
    from motionlib.exports.word.writer import docx_bytes

    root = tmp_path_factory.mktemp("lib")
    write(root, front, text)
    rendered, errors = checked(root)
    if errors:
        return
    for item in rendered:
        pdf = pdf_bytes(item, SETTINGS)
        assert pdf.startswith(b"%PDF")
        docx = docx_bytes(item, SETTINGS).value
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            assert "word/document.xml" in archive.namelist()
            if item.images:  # what check accepted is in both files
                event("a picture")
                assert b"/Subtype /Image" in pdf and "word/media/image1.png" in archive.namelist()
            if any(True for _ in item.tree.iter("sup")):
                event("a footnote")
                assert "word/footnotes.xml" in archive.namelist()


FIDELITY = st.sampled_from(
    [
        "word",
        "*em*",
        "![chart](chart.png)",
        "[^1]",
        "[^2]",
        "Київ",
        "বাংলা",
        "جمعية العمال",
        "王小明",
        "ሰላም",
        "https://example.org/" + "x" * 300,
        "**![chart](chart.png)**",
    ]
)


@st.composite
def fidelity_body(draw) -> str:
    """Paragraphs of pictures, footnote references and scripts, with a note for every reference
    (and, now and then, a note nobody refers to, which check refuses)."""
    paragraphs = draw(st.lists(st.lists(FIDELITY, min_size=1, max_size=6), min_size=1, max_size=5))
    text = "\n\n".join(" ".join(words) for words in paragraphs)
    labels = sorted({label for label in ("1", "2") if f"[^{label}]" in text})
    if draw(st.integers(0, 9)) == 0:
        labels.append("3")
    notes = [f"[^{label}]: {draw(FIDELITY)}" for label in labels]
    return "\n\n".join([text, *notes])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=fidelity_body())
def test_pictures_footnotes_and_scripts_check_accepts_build_into_both_files(tmp_path_factory, text):
    """Pictures, footnotes and every script: what check accepts is in the PDF and Word file."""
    from motionlib.exports.pdf.single import pdf_bytes
    from motionlib.exports.word.writer import docx_bytes

    root = tmp_path_factory.mktemp("fidelity")
    write(root, "title: T\nsubmitter: S\ntopic: Housing\nstatus: submitted\n", text)
    rendered, errors = checked(root)
    if errors:
        event("refused by check")
        return
    for item in rendered:
        pdf = pdf_bytes(item, SETTINGS)
        with zipfile.ZipFile(io.BytesIO(docx_bytes(item, SETTINGS).value)) as archive:
            names = archive.namelist()
        if item.images:
            event("a picture")
            assert b"/Subtype /Image" in pdf and "word/media/image1.png" in names
        if any(a.get("class") == "footnote-ref" for a in item.tree.iter("a")):
            event("a footnote")
            assert "word/footnotes.xml" in names


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(front=front_matter(), text=body())
def test_what_check_accepts_the_site_builds(tmp_path_factory, front, text):
    from tests.conftest import MKDOCS_YML, write_project
    from tests.test_hostile import cli

    root = tmp_path_factory.mktemp("site")
    write_project(root, {})
    config = MKDOCS_YML.replace("      topics: [Housing, Climate, Transport]\n", "")
    (root / "mkdocs.yml").write_text(config)
    write(root, front, text)
    code, output = cli("check", "-f", root / "mkdocs.yml")
    if code == 0:
        built, output = cli("build", "-f", root / "mkdocs.yml")
        assert built == 0, output


PLAIN = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() and s == s.strip())
LOOKS_LIKE_MARKDOWN = st.sampled_from(
    [
        "1. item",
        "# head",
        "> quoted",
        "- bullet",
        "+ plus",
        "2) two",
        "=====",
        "| a | b |",
        "<https://e.org>",
        "a  b",
        "Term: *x*",
        "    code?",
        "~~~",
        "```",
        "[^1]",
        "&copy;",
    ]
)
PARAGRAPHS = st.lists(st.one_of(PLAIN, INLINE, LOOKS_LIKE_MARKDOWN), min_size=1, max_size=5)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(paragraphs=PARAGRAPHS)
def test_what_import_writes_check_accepts_and_reads_as_the_word_text(tmp_path_factory, paragraphs):
    """Plain Word text, however much it looks like Markdown, comes back as the same text."""
    import docx

    from motionlib.exports.word.reader import import_docx

    paragraphs = [p.replace("\x0b", " ").strip() or "x" for p in paragraphs]
    root = tmp_path_factory.mktemp("import")
    document = docx.Document()
    document.add_paragraph("Imported motion", style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(root / "m.docx")
    imported = import_docx(root / "m.docx")
    front = "title: T\nsubmitter: S\ntopic: Housing\nstatus: template\n"
    write(root, front, imported.body)
    rendered, errors = checked(root)
    assert errors == [], imported.body
    blocks = [" ".join("".join(b.itertext()).split()) for b in rendered[0].tree]
    assert blocks == [" ".join(p.split()) for p in paragraphs], imported.body


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=body(), data=st.data())
def test_amendments_that_check_accepts_build(tmp_path_factory, text, data):
    """Changes quoting random stretches of a random motion: wherever check accepts them, the
    marked-up motion renders in every format, and accepting every change gives its text."""
    from motionlib.exports.pdf.single import pdf_bytes
    from motionlib.exports.word.writer import docx_bytes

    root = tmp_path_factory.mktemp("amend")
    (root / "motions").mkdir(parents=True)
    front = "title: Target\nsubmitter: S\ntopic: Housing\nstatus: submitted\n"
    (root / "motions" / "target.md").write_text(f"---\n{front}---\n\n{text}\n", encoding="utf-8")
    target, errors = checked(root)
    if errors or not target:
        return
    words = " ".join("".join(target[0].tree.itertext()).split())
    changes = []
    for _ in range(data.draw(st.integers(1, 3))):
        if not words:
            break
        start = data.draw(st.integers(0, len(words) - 1))
        quote = words[start : start + data.draw(st.integers(1, 30))]
        kind = data.draw(st.sampled_from(["delete", "replace", "insert_after"]))
        change = {kind: quote}
        if kind == "replace":
            change["with"] = data.draw(CLEAN)
        elif kind == "insert_after":
            change["text"] = data.draw(CLEAN)
        if data.draw(st.booleans()):
            change["line"] = data.draw(st.integers(1, 40))
        changes.append(change)
    if not changes:  # a motion without words to quote
        return
    amendment = {
        "title": "Amendment",
        "submitter": "S",
        "topic": "Housing",
        "status": "submitted",
        "amends": "target",
        "changes": changes,
    }
    dumped = yaml.safe_dump(amendment, allow_unicode=True, sort_keys=False)
    (root / "motions" / "amendment.md").write_text(f"---\n{dumped}---\n\nWhy.\n", encoding="utf-8")
    rendered, errors = checked(root)
    event("amendment accepted" if not errors else "amendment refused")
    if errors:
        return
    item = next(r for r in rendered if r.doc.slug == "amendment")
    assert item.amended is not None and len(item.changes) == len(changes)
    assert pdf_bytes(item, SETTINGS).startswith(b"%PDF")
    docx_bytes(item, SETTINGS)


WORD = st.sampled_from(["homes", "council", "warm", "rents", "street", "by", "the", "every"])
CLAUSE = st.lists(WORD, min_size=3, max_size=14).map(" ".join)
KINDS = ["delete", "replace", "insert_after", "insert_clause_after"]


def _change(data, words: str) -> dict:
    start = data.draw(st.integers(0, max(len(words) - 1, 0)))
    quote = words[start : start + data.draw(st.integers(1, 30))]
    kind = data.draw(st.sampled_from(KINDS))
    change = {kind: quote}
    if kind == "replace":
        change["with"] = data.draw(CLAUSE)
    elif kind != "delete":
        change["text"] = data.draw(CLAUSE)
    return change


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(clauses=st.lists(CLAUSE, min_size=1, max_size=5), ordered=st.booleans(), data=st.data())
def test_carried_amendments_applied_together_build(tmp_path_factory, clauses, ordered, data):
    """Two amendments carried together, with random changes (new clauses too): wherever check
    accepts them, the motion's text as adopted renders in the PDF and both Word files, and the
    tracked file accepts to the text as adopted and rejects to the text as submitted."""
    from docx.oxml.ns import qn

    from motionlib.exports.pdf.single import pdf_bytes
    from motionlib.exports.word.tracked import export as tracked_docx
    from motionlib.exports.word.writer import docx_bytes
    from tests.conftest import tracked_texts

    root = tmp_path_factory.mktemp("carried")
    (root / "motions").mkdir(parents=True)
    text = "\n".join(f"{'1.' if ordered else '-'} {clause}." for clause in clauses)
    front = "title: Target\nsubmitter: S\ntopic: Housing\nstatus: passed\n"
    (root / "motions" / "target.md").write_text(f"---\n{front}---\n\n{text}\n", encoding="utf-8")
    words = " ".join(f"{clause}." for clause in clauses)
    for number in (1, 2):
        changes = [_change(data, words) for _ in range(data.draw(st.integers(1, 2)))]
        amendment = {
            "title": f"Amendment {number}", "submitter": f"Branch {number}", "topic": "Housing",
            "status": "passed", "number": f"A{number}", "amends": "target", "changes": changes,
        }  # fmt: skip
        dumped = yaml.safe_dump(amendment, allow_unicode=True, sort_keys=False)
        path = root / "motions" / f"a{number}.md"
        path.write_text(f"---\n{dumped}---\n\nWhy.\n", encoding="utf-8")
    rendered, errors = checked(root)
    event("carried together" if not errors else "refused")
    if errors:
        return
    target = next(r for r in rendered if r.doc.slug == "target")
    assert target.adopted is not None and target.adopted_by == ("Amendment A1", "Amendment A2")
    assert pdf_bytes(target, SETTINGS).startswith(b"%PDF")
    docx_bytes(target, SETTINGS)
    data_bytes = tracked_docx(target, SETTINGS).value
    body = docx.Document(io.BytesIO(data_bytes)).element.body

    def squashed(tree) -> str:
        return " ".join(" ".join(tree.itertext()).split())

    accepted = " ".join(tracked_texts(body.iter(qn("w:p")), accept=True))
    rejected = " ".join(tracked_texts(body.iter(qn("w:p")), accept=False))
    assert squashed(target.adopted) in accepted
    assert squashed(target.tree) in rejected


DOCS_FIELD = st.sampled_from(["title", "description", "hide", "search", "template", "tags"])
DOCS_VALUE = st.one_of(
    ODD,
    st.lists(st.sampled_from(["navigation", "toc", "x", 5]), max_size=3),
    st.sampled_from([{"exclude": True}, {"boost": 2}, {"x": 1}, "main.html", 5]),
)
DOCS_HTML = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "\\`<script>alert(1)</script>\\`",
        '<meta name="<" http-equiv="refresh" content="0;url=https://evil.example/">',
        '<style title="<">p{}</style>',
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<b>bold</b>",
        "[about](other.md#part)",
        "",
    ]
)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    front=st.dictionaries(DOCS_FIELD, DOCS_VALUE, max_size=3),
    text=body(),
    html=DOCS_HTML,
    suffix=st.sampled_from([".md", ".markdown", ".mkd"]),
)
def test_what_check_accepts_in_docs_builds_and_runs_only_our_scripts(
    tmp_path_factory, front, text, html, suffix
):
    """docs/ pages too: whatever check accepts builds, and the built page runs no script that
    the theme's templates did not write (every inline script in it is one the policy allows)."""
    from motionlib.engines.csp import INLINE_SCRIPT, script_hashes
    from tests.conftest import GOOD_MOTION, MKDOCS_YML, write_project
    from tests.test_hostile import cli

    root = tmp_path_factory.mktemp("docs")
    head = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" if front else ""
    page = f"{head}# Page\n\n{text}\n\n{html}\n"
    write_project(root, {"motions/m.md": GOOD_MOTION, f"docs/page{suffix}": page})
    (root / "mkdocs.yml").write_text(MKDOCS_YML + "      exports: false\n")
    code, output = cli("check", "-f", root / "mkdocs.yml")
    if code != 0:
        return
    built, output = cli("build", "-f", root / "mkdocs.yml")
    assert built == 0, output
    published = (root / "build/site/page/index.html").read_text(encoding="utf-8")
    inline = {
        m.group(2) for m in INLINE_SCRIPT.finditer(published) if not (m.group(1) or "").strip()
    }
    assert len(script_hashes(published)) == len(inline)
    content = published.split('<article class="md-content__inner', 1)[1].split("</article>")[0]
    assert "<script" not in content and "<style" not in content and "onerror" not in content


PASTED = ["'", "’", '"', "“", "”", "-", "–", "—", " ", "\u00a0"]  # what pasting changes
WORDS = st.lists(
    st.one_of(
        st.sampled_from(["rent", "homes", "under", "25s", "Person", "s"]), st.sampled_from(PASTED)
    ),
    min_size=3,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(words=WORDS, data=st.data())
def test_a_pasted_quote_is_found_where_the_motion_typed_it(words, data):
    """However a quote was pasted (each quotation mark, apostrophe and dash swapped for another
    of its kind, each space for a no-break space or two), it is found exactly where the same
    words typed as the motion types them are found."""
    from motionlib.library.amendments import ALIKE, locate
    from motionlib.library.body import parse_markdown
    from motionlib.library.lines import blocks_of

    blocks = blocks_of(parse_markdown("".join(words)))
    if not blocks:
        return
    typed = blocks[0].text
    start = data.draw(st.integers(0, len(typed) - 1))
    quote = typed[start : data.draw(st.integers(start + 1, len(typed)))]
    if not quote.strip():
        return
    kinds = {mark: marks for marks in ALIKE for mark in marks} | {" ": [" ", "\u00a0", "  "]}
    pasted = "".join(data.draw(st.sampled_from(kinds[c])) if c in kinds else c for c in quote)
    found = locate(blocks, quote)
    assert found, (typed, quote)  # the words stand there: at least once
    assert locate(blocks, pasted) == found
