from django.urls import path

from qingfeng.intake import views

urlpatterns = [
    path("walk-in/", views.WalkInView.as_view(), name="walk_in"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/reveal/", views.ReportRevealView.as_view(), name="report_reveal"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
