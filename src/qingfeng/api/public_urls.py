from django.urls import path

from qingfeng.api.api import api
from qingfeng.api.views import DocsView

urlpatterns = [
    path("api/docs", DocsView.as_view(), name="api_docs"),
    path("api/", api.urls),
]
