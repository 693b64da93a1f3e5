"""Every resident can use the portal (issue 16), on a 390×844 phone: 长辈模式 switched on from
the village page and kept through the report flow, a report made of a voice recording only,
the village page in Uyghur (right to left, no Chinese interface text left), keyboard reach, and
axe-core on every public page in zh-Hans, 长辈模式 and Uyghur. Screenshots in
artifacts/screenshots/inclusion-*.png."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from playwright.sync_api import expect
from tests.disclosure.conftest import publish_direct
from tests.powers.conftest import make_template, make_village_list
from tests.topics.scoped_objects import _topic

from e2e.conftest import PHONE, SHOTS, follow
from e2e.test_sweep import _sign_in
from qingfeng.disclosure.models import Batch
from qingfeng.intake import services as intake
from qingfeng.intake.models import Report
from qingfeng.powers.models import PowerItem
from qingfeng.topics.models import Topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules/axe-core/axe.min.js"
PKG = ROOT / "src/qingfeng"
HAN = re.compile(r"[\u3400-\u9fff]+")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def content(world):
    """A power list, a disclosure, an adopted topic and a report (with its code) in village A1."""
    make_village_list(make_template(world.county), world.village_a1)
    publish_direct(world.village_a1, title="2026年3月财务收支明细")
    _topic(world.village_a1, world.county_official, world.department)
    with transaction.atomic():
        _report, code = intake.report_submit(
            village=world.village_a1,
            kind="livelihood",
            description="村口路灯坏了三个月",
            subject_text="",
        )
    world.code = code
    return world


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"inclusion-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _body_px(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


TARGETS = (
    ".prefs a, .prefs button, .essentials a, main button, main input[type=text], main textarea,"
    " main select, .kinds label, .radios label"
)


def _small_targets(page) -> list[str]:
    """Links and controls of the page's own UI smaller than 48 px high (长辈模式)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
          .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 47.5)
          .map(e => e.tagName + ' ' + (e.textContent || e.name || '').trim().slice(0, 30))""",
        TARGETS,
    )


def test_elder_mode_from_the_village_page_holds_through_the_report_flow(
    live_server, content, phone
):
    page = phone
    page.goto(live_server.url + reverse("portal:village", kwargs={"code": content.village_a1.code}))
    assert _body_px(page) < 20
    follow(page.get_by_role("link", name=re.compile("长辈模式")))
    page.wait_for_url(re.compile(r"/v/\d{12}/$"))
    assert page.locator("html.elder").count() == 1 and _body_px(page) >= 20
    # essentials first: 我要反映, 查询进度, then a tap-to-call 联系电话, as big buttons
    essentials = page.locator(".essentials a")
    texts = [essentials.nth(i).inner_text() for i in range(essentials.count())]
    assert texts[0].startswith("我要反映") and texts[1].startswith("查询进度")
    assert texts[2].startswith("联系电话")
    assert essentials.nth(2).get_attribute("href").startswith("tel:")
    assert _small_targets(page) == []
    _no_sideways_scroll(page)
    _shot(page, "village-elder")

    page.get_by_role("link", name=re.compile("^我要反映")).click()
    page.wait_for_url("**/report/")
    assert _body_px(page) >= 20 and _small_targets(page) == []
    _no_sideways_scroll(page)
    _shot(page, "report-elder")
    page.get_by_label(re.compile("民生诉求")).check()
    page.fill("#id_description", "村口路灯坏了两个月。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/report/done/")
    assert _body_px(page) >= 20
    code = re.sub(r"\D", "", page.locator("#code").inner_text())
    assert len(code) == 16

    page.get_by_role("link", name="查询进度").click()
    page.wait_for_url("**/track/")
    assert _body_px(page) >= 20
    _no_sideways_scroll(page)
    _shot(page, "track-elder")
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    assert _body_px(page) >= 20 and page.locator("html.elder").count() == 1
    _shot(page, "status-elder")

    # and off again, from any page
    follow(page.get_by_role("link", name=re.compile("长辈模式")))
    page.wait_for_url("**/track/status/")
    assert page.locator("html.elder").count() == 0 and _body_px(page) < 20


def _voice_webm(tmp_path) -> bytes:
    out = tmp_path / "voice.webm"
    command = [
        "ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
        "sine=frequency=330:duration=2", "-c:a", "libopus", "-metadata", "title=where-i-live",
        str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return out.read_bytes()


FAKE_RECORDER = """(() => {
  const bytes = Uint8Array.from(atob("%s"), c => c.charCodeAt(0));
  class FakeRecorder extends EventTarget {
    constructor(stream, options) {
      super();
      this.state = "inactive";
      this.mimeType = (options || {}).mimeType;
    }
    static isTypeSupported(type) { return type.startsWith("audio/webm"); }
    start() { this.state = "recording"; }
    stop() {
      this.state = "inactive";
      const data = new Event("dataavailable");
      data.data = new Blob([bytes], {type: "audio/webm"});
      this.dispatchEvent(data);
      this.dispatchEvent(new Event("stop"));
    }
  }
  window.MediaRecorder = FakeRecorder;
  const media = {getUserMedia: () => Promise.resolve({getTracks: () => [{stop() {}}]})};
  Object.defineProperty(navigator, "mediaDevices", {value: media, configurable: true});
})();"""


def test_a_report_of_a_recording_only_gets_a_tracking_code(
    live_server, world, phone, browser, tmp_path
):
    page = phone
    voice = base64.b64encode(_voice_webm(tmp_path)).decode()
    page.add_init_script(FAKE_RECORDER % voice)
    page.goto(
        live_server.url + reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    )
    recorder = page.locator("[data-recorder]")
    assert recorder.is_visible()
    page.get_by_label(re.compile("民生诉求")).check()
    page.get_by_role("button", name="按一下开始录音").click()
    page.get_by_role("button", name="停止录音").click()
    expect(page.locator("[data-recorder] audio")).to_be_visible()
    assert page.evaluate("document.querySelector('input[name=audio]').files.length") == 1
    _shot(page, "report-recorded")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/report/done/")
    code = re.sub(r"\D", "", page.locator("#code").inner_text())
    assert len(code) == 16
    report = Report.objects.get()
    assert report.description == ""
    (clip,) = report.attachments.all()
    assert clip.kind == "audio" and b"where-i-live" not in clip.file.read()

    # the township official plays it on the problem page
    office = browser.new_context(viewport=PHONE)
    _sign_in(office, live_server, world.township_a_official)
    official = office.new_page()
    official.goto(
        live_server.url + reverse("office:ledger:problem", kwargs={"pk": report.problem.pk})
    )
    player = official.locator("audio[controls]")
    assert player.count() == 1 and player.get_attribute("preload") == "none"
    played = official.request.get(live_server.url + player.get_attribute("src"))
    assert played.status == 200 and played.headers["content-type"] == "audio/webm"
    official.screenshot(path=str(SHOTS / "inclusion-office-problem-audio.png"), full_page=True)
    office.close()


def test_without_mediarecorder_the_file_picker_remains(live_server, world, phone):
    page = phone
    page.add_init_script("delete window.MediaRecorder;")
    page.goto(
        live_server.url + reverse("intake:village_report", kwargs={"code": world.village_a1.code})
    )
    assert page.locator("[data-recorder]").is_hidden()
    assert page.locator("input[type=file][name=audio]").count() == 1


def _zh_interface_fragments() -> set[str]:
    fragments: set[str] = set()
    for path in PKG.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                fragments.update(HAN.findall(text))
    return fragments


def _data_text() -> str:
    """Every text value of the village's data (names, titles, lists): shown as entered."""
    values = []
    for label in ("orgs", "powers", "disclosure", "topics"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField | models.JSONField):
                    values += [str(v) for v in model.objects.values_list(field.attname, flat=True)]
    return " ".join(values)


def _han_on_page(page) -> set[str]:
    texts = page.evaluate(
        """() => [document.title, document.body.innerText,
            ...[...document.querySelectorAll('[aria-label],[placeholder],[alt],[title],[data-stop]')]
              .flatMap(e => ['aria-label', 'placeholder', 'alt', 'title', 'data-stop']
                .map(a => e.getAttribute(a) || ''))]"""
    )
    return {run for text in texts for run in HAN.findall(text)}


def test_the_village_page_in_uyghur_reads_right_to_left_without_chinese_interface(
    live_server, content, phone
):
    page = phone
    village = reverse("portal:village", kwargs={"code": content.village_a1.code})
    page.goto(live_server.url + village)
    interface, data = _zh_interface_fragments(), _data_text()
    in_chinese = {run for run in _han_on_page(page) if run in interface and run not in data}
    assert len(in_chinese) >= 10  # the check sees the Chinese interface when it is there

    follow(page.get_by_role("button", name="ئۇيغۇرچە"))
    page.wait_for_url(re.compile(r"/v/\d{12}/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ug"
    left = {run for run in _han_on_page(page) if run in interface and run not in data}
    assert left == set(), f"Chinese interface text left in Uyghur: {sorted(left)}"
    assert "东村" in page.locator("h1").inner_text()  # the village's name stays as entered
    # numbers stay left to right inside the right-to-left text
    assert page.locator("bdi", has_text=content.village_a1.code).count() == 1
    _no_sideways_scroll(page)
    _shot(page, "village-ug")

    page.get_by_role("link", name=re.compile("مەسىلە ئىنكاس قىلىش")).first.click()
    page.wait_for_url("**/report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    left = {run for run in _han_on_page(page) if run in interface and run not in data}
    assert left == set(), f"Chinese interface text left on the form: {sorted(left)}"
    _no_sideways_scroll(page)
    _shot(page, "report-ug")

    page.goto(live_server.url + reverse("intake:track"))
    assert page.locator("#id_code").get_attribute("dir") == "ltr"
    _shot(page, "track-ug")
    page.fill("#id_code", content.code)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/track/status/")
    left = {run for run in _han_on_page(page) if run in interface and run not in data}
    # the report's own text is the resident's, not the interface
    left -= set(HAN.findall("村口路灯坏了三个月"))
    assert left == set(), f"Chinese interface text left on /track/: {sorted(left)}"
    _shot(page, "status-ug")

    # the office stays in Chinese with the same cookie
    page.goto(live_server.url + reverse("office:login"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("html").get_attribute("dir") == "ltr"

    # and back to Chinese
    page.goto(live_server.url + village)
    follow(page.get_by_role("button", name="中文"))
    page.wait_for_url(re.compile(r"/v/\d{12}/$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def _public_urls(world) -> list[str]:
    code = world.village_a1.code
    item = PowerItem.objects.filter(power_list__region=world.village_a1).first()
    batch = Batch.objects.filter(village=world.village_a1).first()
    topic = Topic.objects.filter(status="adopted").first()
    return [
        reverse("portal:home"),
        reverse("portal:township", kwargs={"code": world.township_a.code}),
        reverse("portal:village", kwargs={"code": code}),
        reverse("intake:village_report", kwargs={"code": code}),
        reverse("intake:choose"),
        reverse("intake:choose") + f"?township={world.township_a.code}",
        reverse("intake:track"),
        reverse("powers:list", kwargs={"code": code}),
        reverse("powers:item", kwargs={"code": code, "pk": item.pk}),
        reverse("disclosure:list", kwargs={"code": code}),
        reverse("disclosure:batch", kwargs={"code": code, "pk": batch.pk}),
        reverse("disclosure:chain", kwargs={"code": code}),
        reverse("topics:public_list", kwargs={"code": code}),
        reverse("topics:public_topic", kwargs={"code": code, "pk": topic.pk}),
        reverse("topics:propose", kwargs={"code": code}),
    ]


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): "
      + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def _axe(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a page script: no CSP in the way
    return page.evaluate(AXE_RUN)


MODES = {
    "zh": [],
    "elder": [{"name": "qf_elder", "value": "1"}],
    "ug": [{"name": "django_language", "value": "ug"}],
}


def test_axe_finds_no_serious_violation_on_any_public_page(live_server, content, browser):
    assert AXE.exists(), "node_modules/axe-core missing: run `make assets`"
    found: list[str] = []
    urls = _public_urls(content)
    for mode, cookies in MODES.items():
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        context.add_cookies([{**c, "url": live_server.url} for c in cookies])
        page = context.new_page()
        page.set_default_timeout(15000)
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{mode} {url}: HTTP {response.status}"
            found += [f"{mode} {url}: {v}" for v in _axe(page)]
        # the pages behind a tracking code: the status page
        page.goto(live_server.url + reverse("intake:track"))
        page.fill("#id_code", content.code)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/track/status/")
        found += [f"{mode} /track/status/: {v}" for v in _axe(page)]
        if mode == "zh":  # the check does see a violation when there is one
            page.evaluate("document.querySelector('main').append(document.createElement('img'))")
            assert any(v.startswith("image-alt") for v in page.evaluate(AXE_RUN))
        context.close()
    assert found == [], "\n".join(found)


TAB_REACH = """() => {
  const wanted = new Set();
  const all = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const e of document.querySelectorAll(all)) {
    if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') continue;
    if (e.type === 'radio') { wanted.add('radio:' + e.name); continue; }
    wanted.add(e.outerHTML.slice(0, 120));
  }
  return [...wanted];
}"""
FOCUSED = """() => { const e = document.activeElement;
  return e.type === 'radio' ? 'radio:' + e.name : e.outerHTML.slice(0, 120); }"""


@pytest.mark.parametrize("mode", ["zh", "elder", "ug"])
def test_the_keyboard_reaches_every_control(live_server, world, browser, mode):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_cookies([{**c, "url": live_server.url} for c in MODES[mode]])
    page = context.new_page()
    for url in (
        reverse("portal:village", kwargs={"code": world.village_a1.code}),
        reverse("intake:village_report", kwargs={"code": world.village_a1.code}),
        reverse("intake:track"),
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        wanted = set(page.evaluate(TAB_REACH))
        reached = set()
        page.locator("body").focus()
        for _ in range(len(wanted) * 2 + 10):
            page.keyboard.press("Tab")
            reached.add(page.evaluate(FOCUSED))
        missed = wanted - reached
        assert missed == set(), f"{mode} {url}: not reached by Tab: {sorted(missed)[:5]}"
    context.close()


FAKE_SPEECH = """(() => {
  window.__spoken = [];
  const synth = {speak: u => window.__spoken.push([u.lang, u.text]), cancel: () => {}};
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();"""


def test_read_aloud_uses_the_phones_voice_and_hides_without_one(live_server, content, browser):
    code = content.village_a1.code
    item = PowerItem.objects.filter(power_list__region=content.village_a1).first()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.url + reverse("powers:item", kwargs={"code": code, "pk": item.pk}))
    page.get_by_role("button", name="朗读").click()
    ((lang, text),) = page.evaluate("window.__spoken")
    assert lang == "zh-CN" and item.name in text and "操作流程" in text
    page.goto(live_server.url + reverse("portal:village", kwargs={"code": code}))
    page.get_by_role("button", name="朗读").click()
    assert "我要反映" in page.evaluate("window.__spoken")[-1][1]
    context.close()

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script("delete window.speechSynthesis;")
    page.goto(live_server.url + reverse("portal:village", kwargs={"code": code}))
    assert page.locator("button.listen").count() == 1
    assert page.locator("button.listen").is_hidden()
    context.close()
