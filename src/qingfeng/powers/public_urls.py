from django.urls import re_path

from qingfeng.powers import views

app_name = "powers"

V = r"^v/(?P<code>\d{12})/"

urlpatterns = [
    re_path(V + r"powers/$", views.power_list, name="list"),
    re_path(V + r"powers/(?P<pk>\d+)/$", views.power_item, name="item"),
    re_path(V + r"powers/(?P<pk>\d+)/flow\.svg$", views.flow_svg, name="flow_svg"),
    re_path(V + r"qr\.svg$", views.qr_svg, name="qr"),
    re_path(V + r"poster\.pdf$", views.poster_pdf, name="poster"),
]
