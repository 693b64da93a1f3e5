"""The sweep: every page reachable from the portal home (as a resident) and from the office home
(as each role) is opened on a phone (390×844) and a PC (1366×768), following links, GET only,
and must not answer 4xx/5xx, log a console error, show a broken image, be wider than the screen
(outside an element made to scroll), show "[P]"/"[T]" or an untranslated English UI word, or
have a form field without a label. A screenshot of every page is kept under artifacts/sweep/.

Bounded so it runs in a couple of minutes: at most PAGES_PER_ROLE pages per role, and URLs that
differ only by numbers (/problems/12/, /problems/13/) count as one pattern, opened
INSTANCES_PER_PATTERN times. A page added later is swept without new code, once a link leads to it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from tests.disclosure.conftest import publish_direct
from tests.inspections.helpers import county_round, world_monitors
from tests.powers.conftest import make_template, make_village_list

from e2e.conftest import DESKTOP, PHONE
from qingfeng.api import services as api_services
from qingfeng.inspections import services as inspections
from qingfeng.intake import services as intake
from qingfeng.ledger import services as ledger
from qingfeng.orgs.roles import COUNTY_ROLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "sweep"
PAGES_PER_ROLE = 22
INSTANCES_PER_PATTERN = 1
# Never followed: leaving, downloads, GETs that record a look at protected data, and the
# 长辈模式 switch (test_inclusion.py sweeps the public pages in 长辈模式 and Uyghur).
SKIP = re.compile(
    r"/logout/|\.(pdf|xlsx|csv|json|svg|png|jpg)(\?|$)|/export|/download|/reveal|/attachments/|"
    r"/canonical|[?&]verify=|/table\.xlsx|/elder/|"
    # Swagger UI, a developer's tool in its own (English) words; looked at by hand (docs/api.md)
    r"/api/docs"
)
# English words of the interface that must have been translated (whole words, case kept).
ENGLISH_UI = re.compile(
    r"\b(Submit|Save|Cancel|Search|Delete|Edit|Previous|Next|Back|Login|Log in|Logout|"
    r"Sign in|Sign out|Password|Username|Required|This field|Choose|Select|Upload|Download|"
    r"Home|Inbox|Settings|None|True|False|Loading|Error|Page \d+ of)\b"
)
MARKS = re.compile(r"\[(P|T|S|T\]/\[P)\]")

CHECK_PAGE = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    // name the widest element that is not inside a deliberately scrollable box
    let culprit = "";
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0) continue;
      let boxed = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { boxed = true; break; }
      }
      if (!boxed) {
        culprit = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
        break;
      }
    }
    const wide = document.documentElement.scrollWidth;
    problems.push(`wider than the screen (${wide} > ${width}) ${culprit}`);
  }
  for (const img of document.images) {
    if (img.complete && img.naturalWidth === 0) {
      problems.push(`broken image ${img.getAttribute("src")}`);
    }
  }
  const fields = document.querySelectorAll("input, select, textarea");
  for (const f of fields) {
    const type = (f.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    const named = (f.labels && f.labels.length) || f.getAttribute("aria-label")
      || f.getAttribute("aria-labelledby") || f.getAttribute("title");
    if (!named) problems.push(`field without a label: ${f.tagName.toLowerCase()}[name=${f.name}]`);
  }
  return {problems, text: document.body.innerText};
}"""


@pytest.fixture
def content(world):
    """Something behind every link: a power list, a disclosure, a report in the ledger."""
    make_village_list(make_template(world.county), world.village_a1)
    publish_direct(world.village_a1, title="2026年3月财务收支明细")
    with transaction.atomic():
        report, _code = intake.report_submit(
            village=world.village_a1,
            kind="suggestion",
            description="村口路灯坏了三个月",
            subject_text="",
        )
    ledger.problem_accept(actor=None, problem=report.problem)
    # Monitors and an assigned cross-village round with a finding (the inspections pages).
    world_monitors(world)
    inspection = county_round(world)
    inspections.round_assign(actor=world.admin, round_=inspection)
    inspections.finding_raise(
        actor=world.admin,
        assignment=inspection.assignments.first(),
        category=inspection.checklist[0],
        description="村务公开栏三个月未更新",
    )
    api_services.client_create(
        actor=world.admin,
        name="县12345热线",
        org_unit=world.commission,
        scope_regions=[world.county],
        permissions=["intake_write", "ledger_read"],
        expires_at=timezone.now() + dt.timedelta(days=30),
        webhook_url="https://hotline.example/hook",
    )
    return world


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return re.sub(r"\d+", "<n>", parts.path) + ("?" + query if query else "")


def _sign_in(context, live_server, user) -> None:
    """A session cookie for `user`, with the second factor done for county-level roles."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower()
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.role in COUNTY_ROLES:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="sweep", defaults={"confirmed": True}
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    host = urlsplit(live_server.url).hostname
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": store.session_key,
                "domain": host,
                "path": "/",
            }
        ]
    )


def _listen(page) -> list[str]:
    """Console errors and uncaught exceptions of `page`, collected as they come."""
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    return console


def _visit(page, console: list[str], url: str, errors: list[str]) -> dict | None:
    console.clear()
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return None  # a file to download (a template, an export), not a page
        raise
    if response is None or response.status >= 400:
        errors.append(f"{url}: HTTP {response.status if response else 'no response'}")
        return None
    result = page.evaluate(CHECK_PAGE)
    for problem in result["problems"]:
        errors.append(f"{url}: {problem}")
    for message in console:
        errors.append(f"{url}: console error: {message[:160]}")
    for found in MARKS.findall(result["text"]):
        errors.append(f"{url}: shows the mark [{found}]")
    for word in sorted(set(ENGLISH_UI.findall(result["text"]))):
        errors.append(f"{url}: untranslated English word “{word}”")
    return result


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    found = []
    for href in hrefs:
        href = href.split("#")[0]
        if href.startswith(base) and not SKIP.search(href) and "tel:" not in href:
            found.append(href)
    return found


def _shot(page, role: str, viewport: str, url: str, base: str) -> None:
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", url[len(base) :]).strip("-") or "home"
    folder = SHOTS / role / viewport
    folder.mkdir(parents=True, exist_ok=True)
    path = str(folder / f"{slug[:80]}.png")
    # Chromium now and then refuses a full-page capture on a busy machine ("Unable to capture
    # screenshot"): the shots are for people to look at, not the sweep's checks, so try again,
    # then take the viewport alone; a third refusal is an error
    for full_page in (True, True, False):
        try:
            page.screenshot(path=path, full_page=full_page)
            return
        except PlaywrightError:
            if not full_page:
                raise
            page.wait_for_timeout(500)


def _crawl(browser, live_server, user, role: str, start: str) -> list[str]:
    """Discover pages as the desktop would, then open each on both screens."""
    errors: list[str] = []
    base = live_server.url
    seen_patterns: dict[str, int] = {}
    queue, pages = [base + start], []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="en-US")
        if user is not None:
            _sign_in(context, live_server, user)
        page = context.new_page()
        page.set_default_timeout(15000)
        console = _listen(page)
        if viewport_name == "desktop":
            while queue and len(pages) < PAGES_PER_ROLE:
                url = queue.pop(0)
                pattern = _pattern(url)
                if url in pages or seen_patterns.get(pattern, 0) >= INSTANCES_PER_PATTERN:
                    continue
                seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
                pages.append(url)
                if _visit(page, console, url, errors) is not None:
                    _shot(page, role, viewport_name, url, base)
                    found = [u for u in _links(page, base) if u not in pages]
                    if start.count("/") > 2:  # an app's own start: its pages before the menu's
                        inside = [u for u in found if urlsplit(u).path.startswith(start)]
                        queue = inside + queue + [u for u in found if u not in inside]
                    else:
                        queue += found
        else:
            for url in pages:
                if _visit(page, console, url, errors) is not None:
                    _shot(page, role, viewport_name, url, base)
        context.close()
    assert len(pages) >= 3, f"{role}: only {pages} reached"
    return errors


ROLES = [
    ("resident", None, "/"),
    ("admin", "admin", "/office/"),
    ("admin_open_api", "admin", "/office/api/"),  # the API clients (past the 22 pages above)
    ("county_leader", "county_official", "/office/"),
    ("township_cadre", "township_a_official", "/office/"),
    ("village_supervisor", "village_supervisor", "/office/"),
    ("department_staff", "department_user", "/office/"),
    ("zone_office_cadre", "zone_official", "/office/"),
]


@pytest.mark.parametrize(("role", "who", "start"), ROLES, ids=[r[0] for r in ROLES])
def test_every_reachable_page_is_right(live_server, browser, content, role, who, start):
    user = getattr(content, who) if who else None
    errors = _crawl(browser, live_server, user, role, start)
    assert errors == [], f"{len(errors)} problems as {role}:\n" + "\n".join(errors[:40])
