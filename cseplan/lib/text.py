"""Text for the XML inside Word and Excel files, which cannot hold most control characters."""

from __future__ import annotations

import re

# XML 1.0 allows tab, line feed and carriage return of the C0 controls, and not U+FFFE or U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters an XML document cannot hold (a form accepts them)."""
    return _NOT_XML.sub("", text)
