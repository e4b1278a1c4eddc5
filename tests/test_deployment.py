"""Production settings pass Django's deployment checklist; /healthz answers load balancers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_the_production_settings() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "plans.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_COOKIES": "true",
        "BEHIND_TLS_PROXY": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_settings_refuse_to_start_without_a_secret_key_in_production() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_without_a_login(client: Client) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_says_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.backends.utils import CursorWrapper

    def fail(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_pages_deny_framing_and_sniffing(client: Client) -> None:
    response = client.get("/account/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_with_a_fresh_nonce(client: Client) -> None:
    first = client.get("/account/login/")["Content-Security-Policy"]
    second = client.get("/account/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in first.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in first and "unsafe-eval" not in first
    assert first != second  # a new nonce per response


@pytest.mark.django_db
def test_no_template_has_an_inline_script_or_style_without_a_nonce() -> None:
    """The policy would block them: every inline script carries the response's nonce."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if template.parent.name == "reporting" and template.stem.endswith("_document"):
            continue  # the PDF templates: read by WeasyPrint, never served to a browser
        text = template.read_text()
        for tag in ("<script", "<style"):
            for chunk in text.split(tag)[1:]:
                opening = chunk.split(">", 1)[0]
                if "src=" not in opening and "csp_nonce" not in opening:
                    offenders.append(f"{template.relative_to(ROOT)}: {tag}{opening}>")
        events = ("click", "load", "submit", "change", "error")
        if " style=" in text or any(f" on{event}=" in text for event in events):
            offenders.append(f"{template.relative_to(ROOT)}: inline style or event handler")
    assert not offenders, offenders


@pytest.mark.django_db
def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(
    client: Client, reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    client.force_login(reviewer)
    client.raise_request_exception = False

    def fail(self, sql, params=None):
        raise OperationalError('could not connect to server: Connection refused "secret-host"')

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/plans/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "the service is unavailable" in text
    assert "secret-host" not in text and "Traceback" not in text and "connect" not in text


@pytest.mark.django_db
def test_other_errors_get_the_generic_500_page(
    client: Client, reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import actions.views

    client.force_login(reviewer)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise RuntimeError("a secret detail")

    monkeypatch.setattr(actions.views, "render", broken)
    response = client.get("/plans/")
    assert response.status_code == 500
    assert "a secret detail" not in response.content.decode()
    assert "there is a problem with the service" in response.content.decode()
