from django.urls import path

from qingfeng.disclosure import office_views as views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("template/", views.TemplateView.as_view(), name="template"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.BatchView.as_view(), name="batch"),
    path("<int:pk>/export/", views.BatchExportView.as_view(), name="export"),
    path("<int:pk>/correct/", views.CorrectView.as_view(), name="correct"),
]
