from django.urls import path

from qingfeng.screening import uploads, views

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("upload/begin/", uploads.BeginView.as_view(), name="upload_begin"),
    path("upload/<int:pk>/", uploads.UploadView.as_view(), name="upload_status"),
    path("datasets/<int:pk>/", views.DataSetView.as_view(), name="dataset"),
    path(
        "datasets/<int:pk>/progress/", views.DataSetProgressView.as_view(), name="dataset_progress"
    ),
    path("datasets/<int:pk>/map/", views.DataSetMapView.as_view(), name="dataset_map"),
    path("runs/new/", views.RunCreateView.as_view(), name="run_new"),
    path("runs/<int:pk>/", views.RunView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", views.RunProgressView.as_view(), name="run_progress"),
    path("runs/<int:pk>/export.xlsx", views.RunExportView.as_view(), name="run_export"),
    path("hits/<int:pk>/", views.HitView.as_view(), name="hit"),
    path("hits/<int:pk>/review/", views.HitReviewView.as_view(), name="hit_review"),
]
