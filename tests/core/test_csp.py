"""Content-Security-Policy: every URL answers with the strict policy, and no template carries
what that policy would refuse (inline scripts, on*= handlers, javascript: URLs, style="")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import sign_in
from tests.office.test_every_url import arg_names, foreign, office_urls, view_class  # noqa: F401

SRC = Path(__file__).resolve().parents[2] / "src" / "qingfeng"

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "img-src": {"'self'", "data:", "blob:"},
    "media-src": {"'self'", "blob:"},
}


def policy(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def assert_strict(response, where):
    found = policy(response)
    for directive, sources in EXPECTED.items():
        assert found.get(directive) == sources, (where, directive, found.get(directive))
    text = response.headers["Content-Security-Policy"]
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert loose not in text.split(), (where, loose)


def public_urls():
    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "office":
                    continue
                ns = f"{namespace}:{p.namespace}" if p.namespace else namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                yield f"{namespace}:{p.name}".lstrip(":"), p

    return list(walk(get_resolver().url_patterns, ""))


def test_every_public_url_sends_the_strict_policy(client, world):
    answered = 0
    for name, pattern in public_urls():
        kwargs = {}
        for arg in arg_names(pattern):
            kwargs[arg] = world.village_a1.code if arg == "code" else 1
        response = client.get(reverse(name, kwargs=kwargs))
        assert_strict(response, name)
        answered += response.status_code == 200
    assert answered >= 10  # most pages really rendered, not only their 404s


def test_every_office_url_sends_the_strict_policy(client, world, foreign):  # noqa: F811
    sign_in(client, world.admin)
    checked = 0
    for name, pattern in office_urls():
        view = view_class(pattern)
        kwargs = {}
        if arg_names(pattern) and name not in {"office:login", "office:logout"}:
            obj = view.scope_selector(world.admin).first() or view.scope_selector(foreign).first()
            kwargs = {view.lookup: getattr(obj, view.lookup)}
        response = client.get(reverse(name, kwargs=kwargs))
        assert_strict(response, name)
        checked += 1
    assert checked > 50


def test_error_pages_send_it_too(client, db):
    assert_strict(client.get("/no-such-page/"), "404")
    assert_strict(client.post("/track/", {}), "track post")


BAD = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"<style[\s>]", re.I), "inline <style>"),
]


@pytest.mark.parametrize("template", sorted(SRC.rglob("templates/**/*.html")), ids=lambda p: p.name)
def test_no_template_holds_what_the_policy_refuses(template):
    text = template.read_text(encoding="utf-8")
    for pattern, what in BAD:
        match = pattern.search(text)
        assert match is None, f"{template.relative_to(SRC)}: {what}: {match.group(0)!r}"
