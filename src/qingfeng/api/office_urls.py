from django.urls import path

from qingfeng.api import office_views as views

urlpatterns = [
    path("", views.ClientListView.as_view(), name="clients"),
    path("new/", views.ClientCreateView.as_view(), name="client_create"),
    path("<int:pk>/", views.ClientDetailView.as_view(), name="client"),
    path("<int:pk>/revoke/", views.ClientRevokeView.as_view(), name="client_revoke"),
]
