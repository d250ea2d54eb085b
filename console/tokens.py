"""Secrets people carry: API tokens and intake keys (stored hashed) and signed sign-in ids."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = {"personal": "hf_pat_", "intake": "hf_key_"}


def new_token(kind: str) -> str:
    """A fresh random token for an API user or an intake key; shown once, stored hashed."""
    return TOKEN_PREFIX[kind] + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The hash stored for a token: high-entropy tokens need a fast digest, not a slow KDF."""
    return hashlib.sha256(token.encode()).hexdigest()


def login_id(*, user_id: int, session_secret: str, key: str) -> str:
    """What Flask-Login keeps in the session and the remember cookie: "<id>:<proof>", where the
    proof is a hash of the user's session secret keyed by the app's SECRET_KEY. A new secret
    (sign-out, switch-off, new password) makes every saved copy worthless at once, in every
    process; the database holds the secret, never the proof, so neither a database copy nor a
    cookie reveals the other."""
    message = f"session:{user_id}:{session_secret}".encode()
    return f"{user_id}:{hmac.new(key.encode(), message, hashlib.sha256).hexdigest()}"
