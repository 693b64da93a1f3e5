from django.urls import path, re_path

from qingfeng.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("elder/", views.elder, name="elder"),
    re_path(r"^t/(?P<code>\d{12})/$", views.township, name="township"),
    re_path(r"^v/(?P<code>\d{12})/$", views.village, name="village"),
]
