from django.urls import path

from qingfeng.cases import views, views_cases

urlpatterns = [
    path("", views.ClueListView.as_view(), name="list"),
    path("export.xlsx", views.ClueExportView.as_view(), name="export"),
    path("new/", views.ClueCreateView.as_view(), name="new"),
    path("<int:pk>/", views.ClueDetailView.as_view(), name="clue"),
    path("<int:pk>/act/", views.ClueActionView.as_view(), name="clue_act"),
    path("files/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("cases/", views_cases.CaseListView.as_view(), name="cases"),
    path("cases/export.xlsx", views_cases.CaseExportView.as_view(), name="cases_export"),
    path("cases/<int:pk>/", views_cases.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/act/", views_cases.CaseActionView.as_view(), name="case_act"),
    path("zones/", views_cases.ZoneListView.as_view(), name="zones"),
    path("zones/<int:pk>/", views_cases.ZoneView.as_view(), name="zone"),
]
