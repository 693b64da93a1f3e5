from django.urls import path

from qingfeng.powers import office_views as views

urlpatterns = [
    path("", views.PowerListIndexView.as_view(), name="index"),
    path("<int:pk>/", views.PowerListDetailView.as_view(), name="detail"),
    path("<int:pk>/export/", views.PowerListExportView.as_view(), name="export"),
    path("<int:pk>/import/", views.PowerListImportView.as_view(), name="import"),
    path("<int:pk>/adopt/", views.PowerListAdoptView.as_view(), name="adopt"),
    path("<int:pk>/items/new/", views.PowerItemCreateView.as_view(), name="item_new"),
    path("items/<int:pk>/edit/", views.PowerItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/remove/", views.PowerItemRemoveView.as_view(), name="item_remove"),
]
