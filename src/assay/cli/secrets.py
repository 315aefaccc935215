"""``assay secrets rotate``: re-seal every stored bot token with the newest ASSAY_SECRET_KEY key.

(``assay secrets new-key`` runs before the settings are read; see cli/main.py.)
"""

from __future__ import annotations

import sys

from assay.config import ConfigError, Settings
from assay.services.installations import reseal_all
from assay.storage.cipher import TokenCipher
from assay.storage.startup import open_database


def run_secrets(action: str, settings: Settings) -> int:
    """Exit 0 when every token is sealed with the newest key, 1 when some could not be opened."""
    if action != "rotate":
        raise ValueError(action)
    if settings.secret_key is None:
        raise ConfigError("ASSAY_SECRET_KEY: rotate needs the keys, newest first, e.g. ASSAY_SECRET_KEY=<new>,<old>")
    value = settings.secret_key.get_secret_value()
    cipher = TokenCipher.from_setting(value)
    db = open_database(settings.database_url, secret_key=value)
    try:
        report = reseal_all(db, cipher)
    finally:
        db.dispose()
    print(
        f"Re-sealed {report.resealed} stored token{'s' if report.resealed != 1 else ''} with the newest key "
        f"({report.current} already were)."
    )
    if report.unreadable:
        print(
            f"No key in ASSAY_SECRET_KEY opens the token of {', '.join(report.unreadable)}: add the key that "
            "sealed it and run this again, or reinstall the app in those workspaces.",
            file=sys.stderr,
        )
        return 1
    if len([k for k in value.split(",") if k.strip()]) > 1:
        print("Every token is on the newest key: you can now remove the older keys from ASSAY_SECRET_KEY.")
    return 0
