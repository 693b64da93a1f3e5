from unittest import mock

from django.db.utils import OperationalError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("qingfeng.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
