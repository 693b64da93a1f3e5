from django.urls import path

from qingfeng.topics import views

urlpatterns = [
    path("", views.TopicListView.as_view(), name="list"),
    path("<int:pk>/", views.TopicDetailView.as_view(), name="topic"),
    path("<int:pk>/adopt/", views.TopicAdoptView.as_view(), name="adopt"),
    path("<int:pk>/report/", views.TopicReportView.as_view(), name="report"),
    path("<int:pk>/close/", views.TopicCloseView.as_view(), name="close"),
    path("proposals/", views.ProposalListView.as_view(), name="proposals"),
    path("proposals/new/", views.ProposeView.as_view(), name="propose"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("proposals/<int:pk>/sort/", views.ProposalSortView.as_view(), name="proposal_sort"),
    path("proposals/<int:pk>/reveal/", views.ProposalRevealView.as_view(), name="proposal_reveal"),
]
