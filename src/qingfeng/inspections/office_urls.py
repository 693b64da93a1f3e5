from django.urls import path

from qingfeng.inspections import views, views_monitors, views_projects

urlpatterns = [
    path("", views.RoundListView.as_view(), name="rounds"),
    path("checklist/", views.ChecklistTemplateView.as_view(), name="checklist"),
    path("<int:pk>/", views.RoundView.as_view(), name="round"),
    path("<int:pk>/assign/", views.RoundAssignView.as_view(), name="round_assign"),
    path("<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("<int:pk>/report.xlsx", views.RoundReportXlsxView.as_view(), name="report_xlsx"),
    path("<int:pk>/report.pdf", views.RoundReportPdfView.as_view(), name="report_pdf"),
    path("checks/<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
    path("checks/<int:pk>/finding/", views.FindingView.as_view(), name="finding"),
    path("monitors/", views_monitors.MonitorListView.as_view(), name="monitors"),
    path("monitors/<int:pk>/", views_monitors.MonitorView.as_view(), name="monitor"),
    path("monitors/<int:pk>/exit/", views_monitors.MonitorExitView.as_view(), name="monitor_exit"),
    path(
        "monitors/<int:pk>/training/",
        views_monitors.MonitorTrainingView.as_view(),
        name="monitor_training",
    ),
    path(
        "monitors/<int:pk>/evaluate/",
        views_monitors.MonitorEvaluateView.as_view(),
        name="monitor_evaluate",
    ),
    path("visits/", views_monitors.VisitLogView.as_view(), name="visits"),
    path("duty/", views_monitors.DutyPlanView.as_view(), name="duty"),
    path("projects/", views_projects.ProjectListView.as_view(), name="projects"),
    path("projects/<int:pk>/", views_projects.ProjectView.as_view(), name="project"),
    path("elevated/", views_projects.CadenceListView.as_view(), name="cadences"),
    path("elevated/<int:pk>/", views_projects.CadenceView.as_view(), name="cadence"),
]
