"""Motions Library: motions and briefings → a searchable site, PDFs and Word files."""

# Semantic versions: a library pins one in requirements.txt (motionlib init writes it); a minor
# release adds (fields, formats, checks), a major one may ask a library to change its files.
__version__ = "0.2.0"
