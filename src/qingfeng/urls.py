from django.urls import include, path

from qingfeng.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("office/", include("qingfeng.office.urls")),
    path("", include("qingfeng.portal.urls")),
]
