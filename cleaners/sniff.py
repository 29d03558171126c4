"""Content sniffing: is a body binary (PDF, image, archive, random bytes) rather than text?

Servers send PDFs and images as `text/html`, and a mislabelled file reaches the command
line as `.html`; cleaned as HTML, binary bytes become thousands of "words". No
Content-Type or file name is trusted: charset_normalizer (already trafilatura's
dependency) tells whether the bytes are text in some encoding.
"""

from __future__ import annotations

from charset_normalizer import is_binary

# Binary formats show it in their first bytes; sniffing a prefix bounds the cost on large
# pages (about 0.3 ms for 64 KiB, and no bench page is judged binary).
SNIFF_BYTES = 64 * 1024


def is_binary_content(data: bytes) -> bool:
    """True when `data` (a page's bytes) is not text in any encoding."""
    return is_binary(data[:SNIFF_BYTES])
