"""Settings read from the environment: typed, forgiving of blanks, strict on typos."""

from __future__ import annotations

import pytest

from wowdesk.lib.env import env_bool, env_int, env_list, env_str, parse_database_url

VAR = "WOWDESK_TEST_ENV_VALUE"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), (" Yes ", True), ("ON", True)])
def test_env_bool_truthy_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv(VAR, raw)

    assert env_bool(VAR, False) is expected


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", "", "maybe"])
def test_env_bool_anything_else_is_false(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)

    assert env_bool(VAR, True) is False


def test_unset_variables_use_the_default(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)

    assert env_bool(VAR, True) is True
    assert env_int(VAR, 7) == 7
    assert env_str(VAR, "x") == "x"
    assert env_list(VAR, ["a"]) == ["a"]


def test_env_int_treats_blank_as_unset_and_rejects_garbage(monkeypatch):
    monkeypatch.setenv(VAR, "")
    assert env_int(VAR, 25) == 25
    monkeypatch.setenv(VAR, "40")
    assert env_int(VAR, 25) == 40
    monkeypatch.setenv(VAR, "forty")
    with pytest.raises(ValueError, match="forty"):
        env_int(VAR, 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(VAR, " desk.example.com, ,127.0.0.1 ,")

    assert env_list(VAR, []) == ["desk.example.com", "127.0.0.1"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///var/wowdesk.sqlite3", "var/wowdesk.sqlite3"),
        ("sqlite:////srv/wowdesk/db.sqlite3", "/srv/wowdesk/db.sqlite3"),
        ("sqlite://", ":memory:"),
    ],
)
def test_sqlite_urls(url, name):
    assert parse_database_url(url) == {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


def test_postgres_url_with_credentials_port_and_options():
    db = parse_database_url("postgresql://desk%40ops:p%2Fss@db.internal:6543/wow%20desk?sslmode=require")

    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "wow desk",
        "USER": "desk@ops",
        "PASSWORD": "p/ss",
        "HOST": "db.internal",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_postgres_url_without_password_or_port():
    db = parse_database_url("postgres://postgres@127.0.0.1/wowdesk")

    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres",
        "",
        "127.0.0.1",
        "",
        "wowdesk",
    )
    assert "OPTIONS" not in db


@pytest.mark.parametrize("url", ["mysql://root@localhost/wowdesk", "postgress://x@y/z", "wowdesk.sqlite3"])
def test_unsupported_database_url_fails_at_startup(url):
    with pytest.raises(ValueError, match="DATABASE_URL"):
        parse_database_url(url)
