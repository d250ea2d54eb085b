"""Email addresses: the one pattern that sign-in, accounts, intake and calendar invites check."""

from __future__ import annotations

import re

# name@host.tld, with none of the characters that would break a header or an invite's mailto.
EMAIL = re.compile(r"^[^@\s;:,\"<>\\]+@[^@\s;:,\"<>\\]+\.[^@\s;:,\"<>\\]+$")


def is_email(text: str) -> bool:
    """Whether `text` is an email address we can store, sign in with and invite."""
    return bool(EMAIL.match(text))


def emails_in(text: str) -> list[str]:
    """The email addresses written in free text ("Ada Byron <ada@x.test>, her CFO bob@x.test")."""
    words = re.split(r"[\s,;<>()\"]+", text)
    return [word.strip(".") for word in words if is_email(word.strip("."))]
