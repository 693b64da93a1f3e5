from django.urls import re_path

from qingfeng.disclosure import views

app_name = "disclosure"

V = r"^v/(?P<code>\d{12})/disclosure/"

urlpatterns = [
    re_path(V + r"$", views.batch_list, name="list"),
    re_path(V + r"chain/$", views.chain_page, name="chain"),
    re_path(V + r"(?P<pk>\d+)/$", views.batch_detail, name="batch"),
    re_path(V + r"(?P<pk>\d+)/canonical\.json$", views.batch_canonical, name="canonical"),
    re_path(V + r"(?P<pk>\d+)/table\.xlsx$", views.batch_xlsx, name="xlsx"),
]
