from django.urls import path

from qingfeng.ledger import views

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="list"),
    path("export.xlsx", views.ProblemExportView.as_view(), name="export"),
    path("new/", views.ProblemCreateView.as_view(), name="new"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem"),
    path("<int:pk>/triage/", views.ProblemTriageView.as_view(), name="triage"),
    path("<int:pk>/assign/", views.ProblemAssignView.as_view(), name="assign"),
    path("<int:pk>/dispose/", views.ProblemDisposeView.as_view(), name="dispose"),
    path("<int:pk>/task/", views.RectificationCreateView.as_view(), name="task"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectifications"),
    path(
        "rectifications/export.xlsx",
        views.RectificationExportView.as_view(),
        name="rectifications_export",
    ),
    path(
        "rectifications/<int:pk>/",
        views.RectificationDetailView.as_view(),
        name="rectification",
    ),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation",
    ),
    path("visits/", views.VisitListView.as_view(), name="visits"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
]
