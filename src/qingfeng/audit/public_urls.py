from django.urls import path

from qingfeng.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/checkpoints/", views.checkpoints_page, name="checkpoints"),
]
