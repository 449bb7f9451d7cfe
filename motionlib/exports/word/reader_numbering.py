"""A Word file's list numbering, as import needs it: each list level's format and start, and
each list's start overrides, read from the numbering part python-docx loads but does not model."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn


@dataclass
class Numbering:
    """What a document's numbering part says, keyed as Word counts."""

    abstract_of: dict[int, str] = field(default_factory=dict)
    formats: dict[tuple[str, int], str] = field(default_factory=dict)
    starts: dict[tuple[str, int], int] = field(default_factory=dict)
    overrides: dict[tuple[int, int], int] = field(default_factory=dict)


def numbering_of(document) -> Numbering:
    result = Numbering()
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # a document without lists has no numbering part
        return result
    for abstract in numbering.findall(qn("w:abstractNum")):
        abstract_id = abstract.get(qn("w:abstractNumId"))
        for level in abstract.findall(qn("w:lvl")):
            key = (abstract_id, _int(level.get(qn("w:ilvl")), 0))
            result.formats[key] = _val(level.find(qn("w:numFmt")), "decimal")
            result.starts[key] = _int(_val(level.find(qn("w:start")), "1"), 1)
    for num in numbering.num_lst:
        if num.abstractNumId is None:
            continue
        result.abstract_of[num.numId] = str(num.abstractNumId.val)
        for override in num.findall(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                key = (num.numId, _int(override.get(qn("w:ilvl")), 0))
                result.overrides[key] = _int(_val(start, "1"), 1)
    return result


def _int(text: str | None, default: int) -> int:
    """A number from the file, or the default where the file says 'one' or nothing."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _val(element, default: str) -> str:
    return element.get(qn("w:val")) if element is not None else default
