"""`generate.py check`: one fixture per defect, asserting the exact message an editor sees."""

from __future__ import annotations

import time

import pytest
import yaml
from click.testing import CliRunner

from motionlib.commands.build import build
from motionlib.commands.cli import main
from tests.conftest import GOOD_MOTION


def run_check(config, *args):
    result = CliRunner().invoke(main, ["check", "-f", str(config), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def motion(front: str, body: str = "This branch resolves to act.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


BASE = "title: T\nsubmitter: S\ntopic: Housing\nstatus: submitted\n"


def test_sample_library_is_clean(sample_copy):
    code, lines = run_check(sample_copy / "mkdocs.yml")
    assert code == 0
    assert lines[-1] == "19 motions, 4 briefings, 10 topics: 0 errors, 0 warnings"
    assert any("placeholders to adapt: [[Branch name]]" in line for line in lines)


CASES = {
    "missing field": (
        motion("title: T\nsubmitter: S\ntopic: Housing"),
        "motions/m.md:1: status: is missing; a motion needs title, submitter, topic, status",
    ),
    "empty field": (
        motion("title:\nsubmitter: S\ntopic: Housing\nstatus: draft"),
        "motions/m.md:2: title: is empty; give it a value or remove the line",
    ),
    "number instead of names": (
        motion(BASE + "supporters: 42"),
        "motions/m.md:6: supporters: expected a list (one '- item' per line), found a number (42)",
    ),
    "number inside a list": (
        motion(BASE + "supporters:\n  - Ana\n  - 7"),
        "motions/m.md:8: supporters: item 2: expected text, found a number (7); "
        "put it in quotes if it is text",
    ),
    "unknown field": (
        motion(BASE + "suporters: [Ana]"),
        "motions/m.md:6: suporters: is not a motion field (allowed: title, submitter, topic, "
        "status, date, supporters, meeting, number, summary, amends, composited_into, "
        "composite_of, supersedes, adopted_by, line_numbers, changes, votes, decided, "
        "referred_to); did you mean 'supporters'?",
    ),
    "impossible date": (
        motion(BASE + "date: 2026-02-30"),
        "motions/m.md:6: date: '2026-02-30' is not a real date",
    ),
    "free-text date": (
        motion(BASE + "date: March 2026"),
        "motions/m.md:6: date: 'March 2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14",
    ),
    "yaml syntax": (
        motion(BASE + "summary: [unclosed"),
        "motions/m.md:6: YAML syntax error: "
        + (
            "did not find expected ',' or ']'"  # LibYAML's words (PyPI's PyYAML wheels)
            if yaml.__with_libyaml__
            else "expected ',' or ']', but got '<stream end>'"
        )
        + " (while parsing a flow sequence that starts here)",
    ),
    "no front matter": (
        "Just a body.\n",
        "motions/m.md:1: has no front matter: start the file with a line '---', "
        "then the fields (title: …), then another '---'",
    ),
    "front matter not closed": (
        "---\ntitle: T\n\nBody\n",
        "motions/m.md:1: front matter is not closed: add a line '---' after the fields",
    ),
    "not a mapping": (
        motion("- title\n- status"),
        "motions/m.md:1: front matter must be 'field: value' lines, found a list",
    ),
    "alias": (
        motion(BASE + "meeting: &m Conference\nsummary: *m"),
        "motions/m.md:6: YAML anchors and aliases (& and *) are not allowed; "
        "write the value out in full",
    ),
    "repeated key": (
        motion(BASE + "title: Again"),
        "motions/m.md:6: title: given twice (first on line 2)",
    ),
    "bad status": (
        motion("title: T\nsubmitter: S\ntopic: Housing\nstatus: pased"),
        "motions/m.md:5: status: 'pased' is not a status (allowed: template, draft, submitted, "
        "passed, rejected, remitted, composited, withdrawn, referred, fell, accepted); "
        "did you mean 'passed'?",
    ),
    "unknown topic": (
        motion("title: T\nsubmitter: S\ntopic: [Housing, Climat]\nstatus: draft"),
        "motions/m.md:4: topic: 'Climat' is not a topic (allowed: Housing, Climate, Transport); "
        "did you mean 'Climate'?",
    ),
    "over-long title": (
        motion("title: " + "x" * 201 + "\nsubmitter: S\ntopic: Housing\nstatus: draft"),
        "motions/m.md:2: title: is 201 characters long; at most 200 are allowed",
    ),
    "script": (
        motion(BASE, "Text\n\n<script>alert(1)</script>"),
        "motions/m.md:10: body: contains a <script> tag; scripts are not allowed",
    ),
    "event handler": (
        motion(BASE, '<img src="x" onerror="alert(1)">'),
        "motions/m.md:8: body: contains an event-handler attribute (onerror=); "
        "scripts are not allowed",
    ),
    "iframe": (
        motion(BASE, "Watch:\n<iframe src='https://example.org'></iframe>"),
        "motions/m.md:9: body: contains an <iframe> tag; "
        "embedded pages and objects are not allowed",
    ),
    "javascript link": (
        motion(BASE, "[click](javascript:alert(1))"),
        "motions/m.md:8: body: contains a 'javascript:' link; links must be web (https://…), "
        "mail or page links",
    ),
    "empty body": (
        motion(BASE, ""),
        "motions/m.md:7: body: is empty: write the motion below the front matter",
    ),
    "missing reference": (
        motion(BASE + "amends: good-motoin"),
        "motions/m.md:6: amends: there is no motion 'good-motoin'; did you mean 'good-motion'?",
    ),
    "bad adoption record": (
        motion(BASE + "adopted_by:\n  - by: Northgate\n    date: soon"),
        "motions/m.md:8: adopted_by: item 1: date: 'soon' is not a date; "
        "write it as YYYY-MM-DD, e.g. 2026-03-14",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_defect_has_an_exact_message(project, name):
    text, expected = CASES[name]
    config = project({"motions/m.md": text, "motions/good-motion.md": GOOD_MOTION})
    code, lines = run_check(config)
    assert code == 1
    assert expected in lines, "\n".join(lines)


def test_not_utf8(project):
    config = project({"motions/m.md": motion(BASE).encode() + "Caf\xe9\n".encode("latin-1")})
    code, lines = run_check(config)
    assert code == 1
    assert "motions/m.md:9: is not UTF-8 text (byte 0xe9); save the file as UTF-8" in lines


def test_duplicate_slugs_in_subfolders(project):
    config = project({"motions/2025/same.md": GOOD_MOTION, "motions/2026/same.md": GOOD_MOTION})
    code, lines = run_check(config)
    assert code == 1
    assert (
        "motions/2026/same.md: file name: 'same' is used by motions/2025/same.md too; "
        "rename one file" in lines
    )


def test_bad_file_name(project):
    config = project({"motions/Housing Motion.md": GOOD_MOTION})
    _, lines = run_check(config)
    assert (
        "motions/Housing Motion.md: file name: 'Housing Motion' cannot be a page address: "
        "use lowercase letters, digits and hyphens, e.g. 'housing-motion.md'" in lines
    )


def test_briefing_needs_author(project):
    config = project({"briefings/b.md": "---\ntitle: Guide\n---\n\nText.\n"})
    _, lines = run_check(config)
    assert "briefings/b.md:1: author: is missing; a briefing needs title, author" in lines


def test_alias_bomb_is_rejected_fast(project):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    config = project({"motions/m.md": motion(BASE + "\n".join(levels))})
    started = time.perf_counter()
    code, lines = run_check(config)
    assert time.perf_counter() - started < 1.0
    assert code == 1
    assert any("anchors and aliases" in line for line in lines)


def test_every_error_in_every_file_is_reported(project):
    config = project(
        {
            "motions/a.md": motion("title: T\nsubmitter: 3\ntopic: Housing\nstatus: pased"),
            "motions/b.md": motion("title: T\nsubmitter: S\ntopic: Housing", "<script>x</script>"),
        }
    )
    code, lines = run_check(config)
    assert code == 1
    problems = [line for line in lines if line.startswith("motions/")]
    assert [p.split(": ")[0] for p in problems] == [
        "motions/a.md:3",
        "motions/a.md:5",
        "motions/b.md:1",
        "motions/b.md:7",
    ]
    assert lines[-1] == "2 motions, 0 briefings, 0 topics: 4 errors, 0 warnings"


def test_word_limit_is_a_warning_unless_strict(project):
    long_body = " ".join(["word"] * 61)
    config = project({"motions/m.md": motion(BASE, long_body)})
    code, lines = run_check(config)
    assert code == 0
    expected = "motions/m.md:8: warning: body: 61 words, over the limit of 60 for submitted motions"
    assert expected in lines
    assert run_check(config, "--strict")[0] == 1


def test_template_motions_have_no_word_limit_and_list_placeholders(project):
    body = "[[Branch name]] resolves " + " ".join(["word"] * 80)
    config = project({"motions/t.md": motion(BASE.replace("submitted", "template"), body)})
    code, lines = run_check(config)
    assert code == 0
    assert "motions/t.md: placeholders to adapt: [[Branch name]]" in lines
    assert lines[-1].endswith("0 errors, 0 warnings")


def test_forgotten_placeholder_in_a_submitted_motion_warns(project):
    config = project({"motions/m.md": motion(BASE, "[[Branch name]] resolves to act.")})
    _, lines = run_check(config)
    assert (
        "motions/m.md:8: warning: body: still has placeholders to replace: [[Branch name]] "
        "(only template motions keep them)" in lines
    )


def test_github_annotations(project):
    config = project({"motions/m.md": motion("title: T\nsubmitter: S\ntopic: Housing\nstatus: x")})
    _, lines = run_check(config, "--format", "github")
    assert lines[0].startswith("::error file=motions/m.md,line=5,title=status::'x' is not a status")


def test_html_in_code_is_allowed(project):
    body = "Use `<script>` tags only in code:\n\n```\n<iframe src=x onload=y>\n```"
    config = project({"motions/m.md": motion(BASE, body)})
    code, lines = run_check(config)
    assert code == 0, lines


def test_bad_mkdocs_config_is_a_clear_error(project, tmp_path):
    config = project({})
    config.write_text(config.read_text().replace("word_limit: 60", "word_limit: lots"))
    code, lines = run_check(config)
    assert code == 1
    assert any("word_limit" in line and "Traceback" not in line for line in lines), lines


def test_missing_config_file(tmp_path):
    code, lines = run_check(tmp_path / "nope.yml")
    assert code == 1
    message = "no such file; run this in the library's folder or pass -f"
    assert lines == [f"{tmp_path / 'nope.yml'}: {message}"]


def test_line_numbers_off_is_read_as_written(project):
    """YAML 1.1 reads `off` as false; an editor writing `line_numbers: off` means off."""
    config = project({"motions/m.md": motion(BASE + "line_numbers: off")})
    config.write_text(config.read_text() + "      line_numbers: off\n")
    assert run_check(config)[0] == 0
    config = project({"motions/m.md": motion(BASE + "line_numbers: sometimes")})
    _, lines = run_check(config)
    assert (
        "motions/m.md:6: line_numbers: 'sometimes' is not allowed ('off', 'every' or 'fifth')"
        in lines
    )


def test_two_space_sub_items_are_an_error(project):
    body = "1. one\n2. two\n  - sub a\n  - sub b\n3. three\n\n- fine\n    - nested by four"
    config = project({"motions/m.md": motion(BASE, body)})
    code, lines = run_check(config)
    assert code == 1
    message = (
        "this list item is indented by 2 space(s), so it is not nested: "
        "indent sub-items by 4 spaces"
    )
    assert f"motions/m.md:10: body: {message}" in lines
    assert f"motions/m.md:11: body: {message}" in lines
    assert lines[-1].endswith("2 errors, 0 warnings")


def test_two_spellings_of_one_page_address_are_an_error(project):
    first = motion(BASE.replace("submitter: S", "submitter: Riverside CLP"))
    second = motion(BASE.replace("submitter: S", "submitter: Riverside Clp"))
    config = project({"motions/a.md": first, "motions/b.md": second})
    code, lines = run_check(config)
    assert code == 1
    assert (
        "motions/b.md:3: submitter: 'Riverside Clp' and 'Riverside CLP' (motions/a.md) "
        "would share the page submitters/riverside-clp/; spell them the same way"
    ) in lines


def test_a_folder_named_like_a_motion_is_not_a_motion(project):
    config = project({"motions/good-motion.md": GOOD_MOTION})
    (config.parent / "motions" / "drafts.md").mkdir()
    code, lines = run_check(config)
    assert code == 0, lines
    assert lines[-1].startswith("1 motion, ")


def test_an_unreadable_file_is_a_problem_not_a_traceback(project, monkeypatch):
    """Tests run as root here, which reads anything; so reading this one file fails on purpose."""
    from pathlib import Path

    config = project({"motions/locked.md": GOOD_MOTION})
    real = Path.read_bytes

    def read_bytes(path):
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, lines = run_check(config)
    assert code == 1
    assert "motions/locked.md: cannot be read: Permission denied" in lines


def test_new_refuses_a_topic_the_library_does_not_have(project):
    config = project({})
    args = ["new", "motion", "Save our libraries", "-f", str(config), "--submitter", "S"]
    result = CliRunner().invoke(main, [*args, "--topic", "Libraries"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "--topic: 'Libraries' is not a topic of this library (allowed: Housing, Climate, "
        "Transport); nothing was written"
    )
    result = CliRunner().invoke(main, [*args, "--topic", "housing"])
    assert "did you mean 'Housing'?" in result.output
    assert not list((config.parent / "motions").glob("*.md"))


def test_starter_text_left_in_a_new_file_is_a_warning(project):
    config = project({})
    args = ["new", "motion", "Bus lanes", "-f", str(config), "--submitter", "S"]
    assert CliRunner().invoke(main, [*args, "--topic", "Transport"]).exit_code == 0
    _, lines = run_check(config)  # line 33: the new file explains every optional field
    assert (
        "motions/bus-lanes.md:35: warning: body: still holds the starter text 'A fact nobody at "
        "the meeting will dispute.'; write the motion's own words" in lines
    )


def test_two_motions_with_one_title_are_a_warning(project):
    config = project({"motions/a.md": GOOD_MOTION, "motions/b.md": GOOD_MOTION})
    code, lines = run_check(config)
    assert code == 0
    assert (
        "motions/b.md:2: warning: title: 'Good motion' is also the title of motions/a.md; is it "
        "the same motion?" in lines
    )


@pytest.mark.parametrize(
    ("found", "suggestion"),
    [
        ("Internal elections", ""),
        ("Transprot", "Transport"),
        ("housing", "Housing"),
        ("Clim", "Climate"),
    ],
)
def test_only_close_matches_are_suggested(found, suggestion):
    from motionlib.model.problems import did_you_mean

    allowed = ["Housing", "Climate", "Transport", "International"]
    expected = f"; did you mean '{suggestion}'?" if suggestion else ""
    assert did_you_mean(found, allowed) == expected


def test_only_characters_no_shipped_font_draws_are_a_warning(project):
    """Chinese, Cyrillic, Bengali and Arabic have shipped fonts; Ethiopic has none."""
    names = "submitter: 王小明\nsupporters: [Олена Коваль, বাংলাদেশী শ্রমিক সমিতি, جمعية العمال]"
    text = motion(BASE.replace("submitter: S", names), "Ruslan and Олена agree.")
    code, lines = run_check(project({"motions/m.md": text}))
    assert code == 0 and not [line for line in lines if "pdf:" in line]
    text = motion(BASE, "Ruslan and Олена agree.\n\nWith our friends of ሰላም.")
    code, lines = run_check(project({"motions/m.md": text}))
    assert code == 0
    line = 1 + text.split("\n").index("With our friends of ሰላም.")
    assert (
        f"motions/m.md:{line}: warning: pdf: no print font can draw ላ (U+120B) ም (U+121D) "
        "ሰ (U+1230): they print as empty boxes in the PDF (the site and the Word file show them)"
    ) in lines


def test_a_link_address_on_the_next_line_is_a_link_but_not_after_a_blank_line(project):
    """Markdown lets a link's address follow on the next line, so check refuses a javascript:
    one there; after a blank line "](" is only text, as Word import may write it."""
    config = project({"motions/m.md": motion(BASE, "[click](\njavascript:alert(1))")})
    code, lines = run_check(config)
    assert code == 1
    assert any("contains a 'javascript:' link" in line for line in lines)
    config = project({"motions/m.md": motion(BASE, "Text \\](\n\nJAVASCRIPT: a word.")})
    code, lines = run_check(config)
    assert code == 0, lines


def test_a_motion_listed_twice_is_an_error_and_a_topic_given_twice_counts_once(project):
    composited = BASE.replace("status: submitted", "status: composited")
    sources = {f"motions/{s}.md": motion(composited) for s in ("a", "b")}
    front = BASE.replace("topic: Housing", "topic: [Housing, Housing]")
    twice = motion(front.replace("status: submitted", "status: passed") + "composite_of: [a, a]")
    code, lines = run_check(project({**sources, "motions/c.md": twice}))
    assert code == 1
    assert "motions/c.md:6: composite_of: lists 'a' twice; name each motion once" in lines
    config = project({**sources, "motions/c.md": twice.replace("[a, a]", "[a, b]")})
    page = (build(config).site_dir / "motions/c/index.html").read_text(encoding="utf-8")
    assert page.count('class="ml-topic"') == 1


def test_a_title_or_file_name_given_for_a_slug_is_shown_as_its_slug(project):
    front = BASE + "amends: {given}\n"
    for given, hint in (
        ("Warm Homes Now", "; did you mean 'warm-homes-now'?"),
        ("warm-homes-now.md", "; did you mean 'warm-homes-now'?"),
        ("'!!!'", ""),
    ):
        code, lines = run_check(project({"motions/m.md": motion(front.format(given=given))}))
        found = given.strip("'")
        assert code == 1
        assert (
            f"motions/m.md:6: amends: '{found}' is not a motion slug (the file name without "
            f".md: lowercase letters, digits and hyphens){hint}"
        ) in lines, lines
