"""Bot tokens at rest: Fernet with the keys of ``ASSAY_SECRET_KEY`` (comma-separated, newest first).

A Fernet token carries no key id, so reading tries each key in turn (``MultiFernet``); writing
always uses the newest. Rotation is: put a new key first, keep the old one after it until
``assay secrets rotate`` has re-sealed every stored token, then drop the old key.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class BadSecretKey(ValueError):
    """ASSAY_SECRET_KEY holds something that is not a list of Fernet keys (the message never shows it)."""


class UnreadableToken(Exception):
    """A stored token that none of the configured keys opens (the key that sealed it was removed)."""


def new_key() -> str:
    """A fresh Fernet key: 32 random bytes, url-safe base64 (44 characters)."""
    return Fernet.generate_key().decode()


def parse_keys(value: str) -> list[str]:
    """The keys of an ``ASSAY_SECRET_KEY`` value, newest first; raises BadSecretKey."""
    keys = [part.strip() for part in value.split(",")]
    if not any(keys):
        raise BadSecretKey("is empty; make a key with `assay secrets new-key`")
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            where = f"key {number} of {len(keys)}" if len(keys) > 1 else "the key"
            raise BadSecretKey(
                f"{where} is not a Fernet key (32 bytes, url-safe base64, 44 characters); "
                "make one with `assay secrets new-key`"
            ) from None
    return keys


class TokenCipher:
    """Seal and open tokens with the configured keys; the first key is the one that seals."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise BadSecretKey("no key given")
        self._newest = Fernet(keys[0])
        self._all = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        return cls(parse_keys(value))

    def seal(self, token: str) -> str:
        return self._newest.encrypt(token.encode()).decode()

    def open(self, sealed: str) -> str:
        """The clear token; raises UnreadableToken when no configured key opens it."""
        try:
            return self._all.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableToken("no key in ASSAY_SECRET_KEY opens this token") from None

    def is_current(self, sealed: str) -> bool:
        """True when the newest key sealed it (nothing to re-seal)."""
        try:
            self._newest.decrypt(sealed.encode())
        except InvalidToken:
            return False
        return True

    def reseal(self, sealed: str) -> str:
        """The same token sealed with the newest key; raises UnreadableToken."""
        try:
            return self._all.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableToken("no key in ASSAY_SECRET_KEY opens this token") from None
