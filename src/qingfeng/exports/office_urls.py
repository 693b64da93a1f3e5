from django.urls import path

from qingfeng.exports import views

urlpatterns = [
    path("", views.DownloadListView.as_view(), name="list"),
    path("<int:pk>/row/", views.DownloadRowView.as_view(), name="row"),
    path("<int:pk>/file/", views.DownloadFileView.as_view(), name="file"),
]
