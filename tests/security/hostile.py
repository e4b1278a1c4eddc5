"""Hostile input for the security tests: the XSS corpus, hypothesis strategies and checks.

The checks stand in for PostgreSQL on SQLite: SQLite stores a NUL character and a text longer
than its column, where PostgreSQL refuses both with an error, so a post that stores either would
be a server error in production.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from django.apps import apps
from django.db import connection, models
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Classic markup, script, template and spreadsheet payloads. Each is printed by the service as
# the text it is, never run as markup, a template or a formula.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    '<a href="javascript:alert(1)">link</a>',
    "javascript:alert(1)",
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    "<body onload=alert(1)>",
    '" onmouseover="alert(1)',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>@import 'http://127.0.0.1:9/x.css';</style>",
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<img src="file:///etc/passwd">',
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "<!--",
    "]]>",
    "<![CDATA[x]]>",
    "&lt;b&gt;already escaped&lt;/b&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    '\\"; alert(1); //',
    "zero\u200bwidth\ufeffjoin",
    '=HYPERLINK("http://127.0.0.1:9/","x")',
    "<img src=x onerror=alert`1`>",
    # Last: a right-to-left override turns the rest of its paragraph round where it is drawn.
    "\u202egnp.exe",
]

# Characters that are not text: C0 and C1 controls and DEL (NUL among them).
CONTROL_CHARACTERS = "".join(chr(code) for code in [*range(32), *range(127, 160)])

_NASTY = [
    "",
    " ",
    "\x00",
    "text with a \x00 NUL",
    "\r\n\r\n",
    "\t",
    "\x01\x08\x0b\x0c\x1b[31m\x7f\x9f",
    "\ufffe\uffff",
    "\u202e\u202d\u2066",
    "\ufeff",
    "𝒜🙂👍🏽 ﷺ Ⅻ",
    "١٢", "１２", "²",
    "-1", "0", "-0", "+1", "1.5", "1e309", "NaN", "inf", "0x10",
    "2147483648", "9223372036854775808", "-9223372036854775809", "9" * 30, "9" * 5000,
    "None", "null", "true", "[]", "{}", "%s%n%x", "%00",
    "../../../../etc/passwd",
    "' OR '1'='1",
    "x" * 70_000,
    # More than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which Django answers with 400.
    "é" * 1_400_000,
    *XSS_PAYLOADS,
]  # fmt: skip

# Hypothesis: deterministic by default, so that CI runs the same examples every time (and the
# figures in docs/security.md hold); HOSTILE_INPUT_EXPLORE=1 draws new ones, ten times as many.
EXPLORE = os.environ.get("HOSTILE_INPUT_EXPLORE") == "1"
EXAMPLES: Counter[str] = Counter()


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings for a fuzz test of `max_examples` examples."""
    return settings(
        max_examples=max_examples * (10 if EXPLORE else 1),
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def counted(name: str) -> None:
    """Count one example of the fuzz test `name` (reported at the end of the session)."""
    EXAMPLES[name] += 1


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Text no form expects: controls, NUL, huge, odd unicode, numbers, payloads."""
    nasty = st.sampled_from(_NASTY)
    return st.one_of(
        nasty,
        nasty,
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size),
        st.text(st.sampled_from(CONTROL_CHARACTERS), min_size=1, max_size=10),
    )


def one_of_or_hostile(*values: object) -> st.SearchStrategy[str]:
    """One of `values` (as text) or hostile text."""
    return st.one_of(st.sampled_from([str(value) for value in values]), hostile_text())


# Numbers where a form expects a day, a month, a year, a version or an id.
_NUMBERS = [
    "31", "30", "29", "13", "12", "2", "1", "0", "00", "-1", "007", " 7 ", "7\n", "+1", "1.0",
    "1e3", "1000", "1999", "2100", "2101", "9999", "10000", "99999", "2147483648",
    "9223372036854775808", "99999999999", "9" * 20, "9" * 30, "9" * 5000, "٣", "１", "",
]  # fmt: skip


def numbers() -> st.SearchStrategy[str]:
    """Numbers, as text: mostly edge cases, else any size; or hostile text."""
    edge_cases = st.sampled_from(_NUMBERS)
    return st.one_of(
        edge_cases,
        edge_cases,
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        hostile_text(),
    )


def field_value(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | list[str]]:
    """A field's value: mostly one value, else several for the same name (or, empty, none)."""
    return st.one_of(strategy, strategy, strategy, st.lists(strategy, max_size=3))


_FIELD_NAMES = ["csrfmiddlewaretoken", "next", "version", "id", "pk", "user", "status"]
_FIELD_NAMES += ["is_superuser", "role", "history_user", "plan", "remove", "reopen", "submit"]


def extra_fields() -> st.SearchStrategy[dict[str, str]]:
    """Fields no form has: guessed names and random ones."""
    names = st.one_of(
        st.sampled_from(_FIELD_NAMES),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    )
    return st.dictionaries(names, hostile_text(), max_size=2)


def posts(
    valid: dict[str, Any], fields: dict[str, st.SearchStrategy[str]] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A post: `valid` with one to three fields replaced by hostile values, maybe some left out,
    and maybe fields no form has.

    `fields` gives a strategy for a field that should see more than hostile text (choices, ids,
    numbers); every other field of `valid` gets hostile text.
    """
    fields = fields or {}
    names = sorted(set(valid) | set(fields))
    if not names:
        return extra_fields()
    values = {name: field_value(fields.get(name, hostile_text())) for name in names}
    replaced = st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({name: values[name] for name in chosen})
    )
    left_out = st.sets(st.sampled_from(names), max_size=2)

    def build(changes: dict[str, Any], missing: set[str], extra: dict[str, str]) -> dict:
        data = {**extra, **valid, **changes}
        return {name: value for name, value in data.items() if name not in missing}

    return st.builds(build, replaced, left_out, extra_fields())


# Checks -----------------------------------------------------------------------------------------

_APPS = ("governance", "actions", "reporting")


def _models() -> list[type[models.Model]]:
    found = []
    for label in _APPS:
        found += apps.get_app_config(label).get_models(include_auto_created=True)
    return found


def row_counts() -> dict[str, int]:
    """How many rows each table of the service holds, history tables included (one query)."""
    tables = [model._meta.db_table for model in _models()]
    quote = connection.ops.quote_name
    # Table names from the models, quoted: no text from outside reaches this SQL.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The tables whose row count differs."""
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}


def stored_text_problems() -> list[str]:
    """Stored text that PostgreSQL would have refused: a NUL character, or too long a text.

    Checked in Python: SQLite's LIKE stops at a NUL, so it cannot look for one.
    """
    problems = []
    for model in _models():
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        names = [field.attname for field in fields]
        for pk, *values in model._base_manager.values_list("pk", *names):
            problems += [
                f"{model._meta.label} {pk} {field.attname}"
                for field, value in zip(fields, values, strict=True)
                if value
                and ("\x00" in value or (field.max_length and len(value) > field.max_length))
            ]
    return problems
