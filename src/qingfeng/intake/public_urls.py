from django.urls import path, re_path

from qingfeng.intake import views

app_name = "intake"

urlpatterns = [
    re_path(r"^v/(?P<code>\d{12})/report/$", views.report, name="village_report"),
    path("report/", views.choose_village, name="choose"),
    path("report/done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
]
