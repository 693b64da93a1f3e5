from django.urls import path

from qingfeng.insights import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("chart.xlsx", views.ChartExportView.as_view(), name="chart_xlsx"),
]
