from django.urls import include, path

from qingfeng.office import views, views_import
from qingfeng.urls_discovery import app_url_modules

app_name = "office"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("otp/enrol/", views.OtpEnrolView.as_view(), name="otp_enrol"),
    path("otp/verify/", views.OtpVerifyView.as_view(), name="otp_verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("regions/", views.RegionListView.as_view(), name="regions"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region"),
    path("people/", views.PersonListView.as_view(), name="people"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/reveal/", views.PersonRevealView.as_view(), name="person_reveal"),
    path("zones/", views.ZoneListView.as_view(), name="zones"),
    path("zones/<int:pk>/", views.ZoneDetailView.as_view(), name="zone"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path(
        "users/<int:pk>/reset-password/",
        views.UserResetPasswordView.as_view(),
        name="user_reset_password",
    ),
    path("users/<int:pk>/reset-totp/", views.UserResetTotpView.as_view(), name="user_reset_totp"),
    path("audit/", views.AuditListView.as_view(), name="audit"),
    path("import/", views_import.ImportView.as_view(), name="orgs_import"),
    path("import/apply/", views_import.ImportApplyView.as_view(), name="orgs_import_apply"),
    path("import/template.xlsx", views_import.ImportTemplateView.as_view(), name="orgs_template"),
    path(
        "import/new-accounts.xlsx",
        views_import.ImportCredentialsView.as_view(),
        name="orgs_credentials",
    ),
]

# Apps' back-office pages: /office/<label>/..., named "office:<label>:<name>".
urlpatterns += [
    path(f"{config.label}/", include((module.urlpatterns, config.label)))
    for config, module in app_url_modules("office_urls")
]
