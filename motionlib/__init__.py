"""Motions Library: motions and briefings → a searchable site, PDFs and Word files."""

__version__ = "0.1.0"
