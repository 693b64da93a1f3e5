from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.intake.models import Report
from qingfeng.ledger.notify import ConsoleSMSBackend
from tests.intake.helpers import report_data


def test_a_walk_in_report_is_registered_and_the_code_texted(
    login, world, django_capture_on_commit_callbacks
):
    client = login(world.township_a_official)
    data = report_data(
        village=world.village_a1.pk,
        identity="named",
        name="赵六",
        phone="13700001234",
        send_sms="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office:intake:walk_in"), data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.channel == "walk_in" and report.problem.source == "walk_in"
    assert report.problem.logged_by is None  # the clerk may still handle it
    [(phone, text)] = ConsoleSMSBackend.sent
    assert phone == "137****1234" and "查询码" in text
    assert "13700001234" not in str(AuditEntry.objects.values_list("data", flat=True))


def test_the_reporters_identity_is_shown_only_on_request_and_audited(login, world):
    client = login(world.township_a_official)
    client.post(
        reverse("office:intake:walk_in"),
        report_data(
            village=world.village_a1.pk, identity="named", name="赵六", phone="13700001234"
        ),
    )
    report = Report.objects.get()
    page = client.get(reverse("office:intake:report", kwargs={"pk": report.pk})).content.decode()
    assert "赵六" not in page and "13700001234" not in page and "赵*" in page
    url = reverse("office:intake:report_reveal", kwargs={"pk": report.pk})
    page = client.post(url, {"reason": "联系反映人核实"}).content.decode()
    assert "赵六" in page and "13700001234" in page
    assert AuditEntry.objects.filter(action="intake.reporter.reveal", actor_name="bob").exists()


def test_an_administrator_cannot_see_a_reporters_identity(login, world):
    login(world.township_a_official).post(
        reverse("office:intake:walk_in"),
        report_data(
            village=world.village_a1.pk, identity="named", name="赵六", phone="13700001234"
        ),
    )
    report = Report.objects.get()
    url = reverse("office:intake:report_reveal", kwargs={"pk": report.pk})
    assert login(world.admin).post(url, {"reason": "x"}).status_code == 403
