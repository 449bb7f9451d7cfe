"""The text as adopted: a motion whose amendments were carried (status passed) reads as the
meeting left it — every carried amendment applied, in agenda order — and says so ("As amended by
Amendment C1 and Amendment C3"); the text as submitted and the changes stay beside it. Lost
amendments (rejected, fell, …) change nothing and are listed. Two carried amendments that change
the same words cannot both be applied: check names both and the words.
"""

from __future__ import annotations

import copy
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import replace

from motionlib.library import amendments
from motionlib.library.body import Parsed
from motionlib.model.addresses import agenda_key
from motionlib.model.problems import Problem

CARRIED = "passed"
LOST = ("rejected", "fell")  # remitted, referred or withdrawn amendments are not "lost"


def adopt(
    rendered: list[Parsed], located: amendments.Located
) -> tuple[list[Parsed], list[Problem]]:
    """Every motion with carried or lost amendments, with its text as adopted; the problems.
    `located`: where each amendment's changes apply (check's apply_amendments found them)."""
    amending: dict[str, list[Parsed]] = {}
    for item in rendered:
        target = getattr(item.doc.meta, "amends", None)
        if target:
            amending.setdefault(target, []).append(item)
    problems: list[Problem] = []
    result = []
    for item in rendered:
        found = amending.get(item.doc.slug)
        if not found or item.doc.kind != "motion":
            result.append(item)
            continue
        adopted, trouble = _adopted(item, sorted(found, key=_agenda), located)
        problems += trouble
        result.append(adopted)
    return result, problems


def short_name(item: Parsed) -> str:
    """'Amendment C1' where the agenda numbers it, else its title."""
    number = item.doc.meta.number
    return f"Amendment {number}" if number else item.doc.title


def _agenda(item: Parsed) -> tuple:
    return (agenda_key(item.doc.meta.number), item.doc.date or 0, item.doc.slug)


def _adopted(
    motion: Parsed, amending: list[Parsed], located: amendments.Located
) -> tuple[Parsed, list[Problem]]:
    carried = [a for a in amending if a.doc.meta.status == CARRIED and a.doc.meta.changes]
    lost = tuple(short_name(a) for a in amending if a.doc.meta.status in LOST)
    key = hashlib.sha256(
        "".join(a.doc.digest + a.doc.meta.status for a in amending).encode()
    ).hexdigest()  # the motion's files follow its amendments' outcomes
    motion = replace(motion, amended_key=key, lost=lost)
    if not carried:
        return motion, []
    if any(a.doc.slug not in located for a in carried):
        return motion, []  # a change that does not apply: reported on its amendment already
    blocks = located[carried[0].doc.slug][0]
    applied, authors, owner, problems = [], {}, {}, []
    for amendment in carried:
        for change, place in located[amendment.doc.slug][1]:
            clash = _overlap(place, applied)
            if clash is not None:
                problems.append(_clash(amendment, owner[id(clash[0])], clash, blocks))
                continue
            applied.append((change, place))
            authors[id(change)] = amendment.doc.byline
            owner[id(change)] = amendment
    if problems:
        return motion, problems
    marked = amendments.marked_up(motion.tree, blocks, applied, authors)
    carried_by = tuple(short_name(a) for a in carried)
    adopted = replace(
        motion, adopted=accepted(marked), adopted_changes=marked, adopted_by=carried_by
    )
    return adopted, []


def _overlap(place, applied):
    for change, other in applied:
        if other.block == place.block and place.start < other.end and other.start < place.end:
            return change, other
    return None


def _clash(amendment: Parsed, first: Parsed, clash, blocks) -> Problem:
    _, other = clash
    words = blocks[other.block].text[other.start : other.end]
    message = (
        f"{short_name(amendment)} and {short_name(first)} were both carried but change the same "
        f"words (“{words}”, line {other.line}): only one can stand; give one of them another "
        "status, or make one amendment of the two"
    )
    return Problem(amendment.doc.path, amendment.doc.lines.get("changes"), "changes", message)


def accepted(marked: ET.Element) -> ET.Element:
    """The marked-up text with every change accepted: deletions gone, insertions plain text."""
    tree = copy.deepcopy(marked)
    for element in tree.iter():
        element.attrib.pop("data-new", None)  # a new clause is a clause like the others
    for parent in list(tree.iter()):
        kept: list[ET.Element] = []
        for child in list(parent):
            if child.tag not in ("del", "ins"):
                kept.append(child)
                continue
            text = "".join(child.itertext()) if child.tag == "ins" else ""
            _append_text(parent, kept, text + (child.tail or ""))
        parent[:] = kept
    return tree


def _append_text(parent: ET.Element, kept: list[ET.Element], text: str) -> None:
    if kept:
        kept[-1].tail = (kept[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
