"""What the ``cds`` command writes to a terminal: never a control sequence it did not mean.

Every message goes through :class:`SafeStream`, which escapes control characters in the text it
is given (``\\x1b`` shown as the four characters ``\\x1b``), so a file, sheet or plan name cannot
move the cursor, clear the screen, set the window title or hide text. The line breaks and
carriage returns of the output itself (the progress bar redraws its line) and the colour codes
of ``cds status`` pass through. Names are further shown on one line where messages are built
(:func:`cdsanalysis.base.text.one_line`), so a newline in a name cannot forge a second message.
"""

from __future__ import annotations

import re
from typing import TextIO

# Select Graphic Rendition (colour) only: what cds status writes on a colour terminal.
_COLOUR = re.compile(r"(\x1b\[[0-9;]*m)")
_KEPT = {"\n", "\r"}


def safe_text(text: str) -> str:
    """Escape every control character of ``text`` but line breaks and colour codes."""
    parts = _COLOUR.split(text)
    for i in range(0, len(parts), 2):  # even parts are text, odd parts colour codes
        parts[i] = "".join(c if c.isprintable() or c in _KEPT else ascii(c)[1:-1] for c in parts[i])
    return "".join(parts)


class SafeStream:
    """A text stream that writes through :func:`safe_text` and is otherwise the stream."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe_text(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
