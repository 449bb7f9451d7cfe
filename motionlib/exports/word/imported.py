"""What Word import reads: a draft motion (its front-matter fields, Markdown body and pictures),
returned as a Result (model/result.py) with what did not map, as every export returns its
bytes. The draft's parts are read through the result (imported.body), as callers use them."""

from __future__ import annotations

from dataclasses import dataclass, field

from motionlib.model.result import Result


@dataclass
class Draft:
    fields: dict[str, object] = field(default_factory=dict)
    body: str = ""
    pictures: dict[str, bytes] = field(default_factory=dict)  # name in the body → its bytes


@dataclass
class Imported(Result[Draft]):
    value: Draft = field(default_factory=Draft)
    warnings: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, object]:
        return self.value.fields

    @property
    def body(self) -> str:
        return self.value.body

    @body.setter
    def body(self, text: str) -> None:
        self.value.body = text

    @property
    def pictures(self) -> dict[str, bytes]:
        return self.value.pictures

    @pictures.setter
    def pictures(self, found: dict[str, bytes]) -> None:
        self.value.pictures = found
