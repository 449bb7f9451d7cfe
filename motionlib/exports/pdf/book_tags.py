"""A motion book's tag tree: the front's, with each motion's own tree appended as a part.

WeasyPrint tags every single PDF (PDF/UA-1): a Document element whose children hold the text's
structure, a parent tree mapping each page's marked content back to its elements. Copying pages
into the book copies none of that, so a screen reader would meet untagged pages. Here each
motion's tree is copied after its pages (pikepdf maps its page references onto the copies), its
Document element becomes a Part of the book's Document, titled with the motion, and its parent
tree keys are moved past the book's own.
"""

from __future__ import annotations

import pikepdf


class BookTags:
    """The book's structure tree, grown one motion at a time."""

    def __init__(self, book: pikepdf.Pdf) -> None:
        self.book = book
        root = book.Root.StructTreeRoot
        self.document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        if not isinstance(self.document.K, pikepdf.Array):
            self.document.K = pikepdf.Array([self.document.K])
        self.entries = list(_numbers(root.ParentTree))
        self.next_key = max((key for key, _ in self.entries), default=-1) + 1

    def add(self, single: pikepdf.Pdf, pages: list[pikepdf.Page], title: str) -> None:
        """Append `single`'s tree; `pages` are its pages as already copied into the book."""
        tree = single.Root.get("/StructTreeRoot")
        if tree is None:
            return
        copied = self.book.copy_foreign(tree)
        offset = self.next_key
        for page in pages:
            _shift(page.obj, "/StructParents", offset)
            for annotation in page.obj.get("/Annots", []):
                _shift(annotation, "/StructParent", offset)
        keys = [(key + offset, value) for key, value in _numbers(copied.ParentTree)]
        self.entries.extend(keys)
        self.next_key = max((key for key, _ in keys), default=offset - 1) + 1
        for part in copied.K if isinstance(copied.K, pikepdf.Array) else [copied.K]:
            part.S = pikepdf.Name.Part
            part.P = self.document
            part.T = pikepdf.String(title)
            self.document.K.append(part)

    def finish(self) -> None:
        """Write the merged parent tree: one flat number tree, keys ascending."""
        root = self.book.Root.StructTreeRoot
        nums = pikepdf.Array()
        for key, value in self.entries:
            nums.append(key)
            nums.append(value)
        root.ParentTree = self.book.make_indirect(pikepdf.Dictionary(Nums=nums))
        root.ParentTreeNextKey = self.next_key


def _numbers(tree: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    return sorted((int(key), value) for key, value in pikepdf.NumberTree(tree).items())


def _shift(dictionary: pikepdf.Object, key: str, offset: int) -> None:
    if key in dictionary:
        dictionary[key] = int(dictionary[key]) + offset
