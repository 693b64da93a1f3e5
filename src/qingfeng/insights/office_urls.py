from django.urls import path

from qingfeng.insights import views, views_people, views_reports, views_risk

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("chart.xlsx", views.ChartExportView.as_view(), name="chart_xlsx"),
    path("villages/", views_risk.RiskListView.as_view(), name="risk"),
    path("villages/<str:code>/", views_risk.VillageRiskView.as_view(), name="village"),
    path("map/", views_risk.MapView.as_view(), name="map"),
    path("reports/", views_reports.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", views_reports.ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/pdf/", views_reports.ReportDownloadView.as_view(), name="report_pdf"),
    path("people/", views_people.PersonSearchView.as_view(), name="people"),
    path("people/<int:pk>/", views_people.PersonFileView.as_view(), name="person"),
]
