"""`assay secrets`: a new key, and the rotation procedure of docs/operations.md, run as an
operator would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assay.services.installations import InstalledBot, find_installation, save_installation
from assay.storage.cipher import TokenCipher, UnreadableToken, new_key, parse_keys
from assay.storage.engine import Database
from tests.cli.runner import assay, base_env
from tests.conftest import Fakes


@pytest.fixture
def env(tmp_path: Path, fakes: Fakes) -> dict[str, str]:
    return base_env(tmp_path, fakes)


def test_new_key_prints_a_fernet_key_even_before_oauth_is_configured(env: dict[str, str], tmp_path: Path) -> None:
    oauth_without_key = {**env, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s3cret-s3cret"}
    out = assay(["secrets", "new-key"], oauth_without_key, tmp_path)
    assert out.returncode == 0, out.stderr
    assert parse_keys(out.stdout.strip()) == [out.stdout.strip()]
    assert assay(["secrets", "new-key"], env, tmp_path).stdout != out.stdout


def test_rotation_with_two_keys_reseals_every_token(env: dict[str, str], tmp_path: Path) -> None:
    old, new = new_key(), new_key()
    assert assay(["db", "upgrade"], env, tmp_path).returncode == 0
    db = Database.from_url(env["ASSAY_DATABASE_URL"])
    when = datetime(2026, 11, 21, tzinfo=UTC)
    for team in ("T1", "T2"):
        save_installation(db, TokenCipher([old]), InstalledBot(team, f"xoxb-{team}-token", when))

    out = assay(["secrets", "rotate"], {**env, "ASSAY_SECRET_KEY": f"{new},{old}"}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Re-sealed 2 stored tokens with the newest key (0 already were)." in out.stdout
    assert "you can now remove the older keys" in out.stdout
    newest = TokenCipher([new])
    assert [find_installation(db, newest, t).bot_token for t in ("T1", "T2")] == [  # type: ignore[union-attr]
        "xoxb-T1-token",
        "xoxb-T2-token",
    ]
    with pytest.raises(UnreadableToken):
        find_installation(db, TokenCipher([old]), "T1")
    again = assay(["secrets", "rotate"], {**env, "ASSAY_SECRET_KEY": new}, tmp_path)
    assert "Re-sealed 0 stored tokens with the newest key (2 already were)." in again.stdout
    db.dispose()


def test_rotate_says_which_workspaces_no_key_opens(env: dict[str, str], tmp_path: Path) -> None:
    assert assay(["db", "upgrade"], env, tmp_path).returncode == 0
    db = Database.from_url(env["ASSAY_DATABASE_URL"])
    save_installation(db, TokenCipher([new_key()]), InstalledBot("T9", "xoxb-x", datetime(2026, 1, 1, tzinfo=UTC)))
    db.dispose()
    out = assay(["secrets", "rotate"], {**env, "ASSAY_SECRET_KEY": new_key()}, tmp_path)
    assert out.returncode == 1 and "opens the token of T9" in out.stderr


def test_rotate_without_a_key_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["secrets", "rotate"], env, tmp_path)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "ASSAY_SECRET_KEY" in out.stderr
