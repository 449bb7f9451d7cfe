"""A motion's versions from git (library/history.py): read once, then kept in a sealed memo by
blob and by texts, so the next build (a new HEAD after every merge) reads and compares only
what is new; a planted memo is not trusted; any file name is read (git log -z)."""

from __future__ import annotations

import json

from motionlib.library import history
from tests.test_after_vote import VERSION, git

NAME = "motions/bus fares – café: “fair”.md"  # spaces, a dash, a colon, curly quotes


def three_versions(root):
    path = root / NAME
    path.parent.mkdir(parents=True)
    path.write_text(VERSION.format(text="Restore the evening buses."))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First: draft\x1fwith a field mark")
    path.write_text(VERSION.format(text="Restore the evening and Sunday buses."))
    git(root, "commit", "-q", "-am", "Sunday buses too")
    path.write_text(VERSION.format(text="Restore the Sunday buses by May."))
    git(root, "commit", "-q", "-am", "Agreed wording")


def test_versions_are_kept_in_a_memo_and_a_planted_one_is_not_trusted(tmp_path, monkeypatch):
    three_versions(tmp_path)
    memo = tmp_path / "build/cache/history.json"
    memo.parent.mkdir(parents=True)
    first = history.histories(tmp_path, [NAME], memo)
    versions = first[NAME]
    assert [v.message for v in versions] == [
        "Agreed wording", "Sunday buses too", "First: draft\x1fwith a field mark"
    ]  # fmt: skip
    assert [v.text.strip() for v in versions] == [
        "Restore the Sunday buses by May.",
        "Restore the evening and Sunday buses.",
        "Restore the evening buses.",
    ]
    assert ("+", "buses by May.") in versions[0].changes and versions[-1].changes == ()
    history._read.cache_clear()  # the next build: another process

    def never(*args):
        raise AssertionError("read or compared again")

    monkeypatch.setattr(history, "_read_blobs", never)
    monkeypatch.setattr(history, "word_diff", never)
    assert history.histories(tmp_path, [NAME], memo) == first  # all from the memo
    monkeypatch.undo()
    planted = memo.read_text().replace("Sunday buses by May", "buses never")
    memo.write_text(planted)  # its seal no longer matches
    history._read.cache_clear()
    again = history.histories(tmp_path, [NAME], memo)
    assert again == first and "never" not in json.dumps(repr(again))
