from django.urls import re_path

from qingfeng.topics import views

app_name = "topics"

urlpatterns = [
    re_path(r"^v/(?P<code>\d{12})/topics/$", views.public_list, name="public_list"),
    re_path(r"^v/(?P<code>\d{12})/topics/propose/$", views.propose, name="propose"),
    re_path(r"^v/(?P<code>\d{12})/topics/thanks/$", views.thanks, name="thanks"),
    re_path(r"^v/(?P<code>\d{12})/topics/(?P<pk>\d+)/$", views.public_topic, name="public_topic"),
]
