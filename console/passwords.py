"""Passwords: the rule for choosing one (NIST SP 800-63B), and hashing that never truncates."""

from __future__ import annotations

import secrets
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

# NIST SP 800-63B-4 (2025), 3.1.1.2: at least 15 characters when the password is the only factor,
# and at least 64 allowed; no composition rules; refuse values from lists of common passwords.
MIN_LENGTH = 15
MAX_LENGTH = 128
# zxcvbn's top score: over 10^10 guesses, beyond someone guessing offline from a stolen hash.
# It turns down a name and a year ("marisolquintero2026") and "welcome to handoff", which 3
# lets through; ordinary passphrases ("blue coffee mountain") pass.
GOOD_ENOUGH = 4
T = TypeVar("T")

# What made zxcvbn rate a password as guessable, in our words, most telling first.
WEAKNESSES = (
    (lambda m: m.get("dictionary_name") == "passwords", "it is one of the most common passwords"),
    (
        lambda m: m.get("dictionary_name") == "user_inputs",
        "it is built on the person's name, email or the word Handoff",
    ),
    (lambda m: m["pattern"] == "repeat", "it repeats the same characters or words"),
    (lambda m: m["pattern"] == "sequence", "it runs in a sequence such as abcd or 4321"),
    (lambda m: m["pattern"] == "spatial", "it follows a row of keys on the keyboard"),
    (lambda m: m["pattern"] in ("date", "regex"), "it leans on a date or a year"),
    (lambda m: m["pattern"] == "dictionary", "it is made of common words or names"),
)


def normalized(password: str) -> str:
    """The password as hashed: NFKC, so the same characters typed on any device give one value."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """A salted, slow hash (scrypt) of the whole password: scrypt, unlike bcrypt, reads every
    byte, so no two passwords share a hash by sharing a beginning."""
    return off_the_hub(generate_password_hash, normalized(password))


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password is the one that was hashed."""
    return off_the_hub(check_password_hash, password_hash, normalized(password))


def off_the_hub(work: Callable[..., T], *args: object) -> T:
    """Run a hash (tens of milliseconds of CPU) without stopping the process's other work.
    Under gevent (gunicorn.conf.py) one thread serves every connection of the process, so a
    hash run there would freeze every live page while someone signs in: it runs in gevent's
    pool of native threads instead, where scrypt releases the GIL. With real threads (`handoff
    run`, the tests) it runs here."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return work(*args)
    import gevent

    return gevent.get_hub().threadpool.apply(work, args)


def spend_a_password_check(password: str) -> None:
    """Do the work of one password check against a hash nobody has, so a sign-in for an unknown
    or switched-off account takes as long as a real one and does not give the account away."""
    password_matches(_stand_in_hash(), password)


@cache
def _stand_in_hash() -> str:
    return hash_password(secrets.token_urlsafe(32))  # same method and cost as real hashes


def password_problem(password: str, *, about: Iterable[str] = ()) -> str | None:
    """What is wrong with a password someone chose, said with its fix, or None when it will do.
    `about` holds the person's own words (name, email), which make a password easy to guess."""
    if len(password) < MIN_LENGTH:
        return (
            f"is too short: use at least {MIN_LENGTH} characters; "
            "a few unrelated words are long and easy to remember"
        )
    if len(password) > MAX_LENGTH:
        return f"is too long: use at most {MAX_LENGTH} characters"
    words = [word for text in (*about, "handoff") for word in _words(text)]
    # NFKC may lengthen a password; its first MAX_LENGTH characters are enough to judge it.
    verdict = zxcvbn(normalized(password)[:MAX_LENGTH], user_inputs=words, max_length=MAX_LENGTH)
    if verdict["score"] >= GOOD_ENOUGH:
        return None
    return f"is too easy to guess: {_weakness(verdict['sequence'])}. Add a few unrelated words"


def _words(text: str) -> list[str]:
    """A person's name or email as the words someone guessing would try."""
    local = text.lower().split("@")[0]
    parts = [part for part in local.replace(".", " ").replace("_", " ").split() if len(part) > 2]
    return [local, *parts]


def _weakness(matches: list[dict]) -> str:
    for applies, said in WEAKNESSES:
        if any(applies(match) for match in matches):
            return said
    return "it is too predictable"
