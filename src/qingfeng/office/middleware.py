"""County-level roles must enrol in TOTP at first login and verify it on every session."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

OPEN_PATHS = ("office:login", "office:logout", "office:otp_enrol", "office:otp_verify")


class OfficeAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request):
        if self._needs_second_factor(request):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            enrolled = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
            target = "office:otp_verify" if enrolled else "office:otp_enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        if self._must_change_password(request):
            return redirect(reverse("office:password_change"))
        return self.get_response(request)

    def _must_change_password(self, request) -> bool:
        """A one-time password (init-county, an import, a reset) is replaced before any work."""
        if not request.path.startswith("/office/"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return False
        allowed = (*(reverse(name) for name in OPEN_PATHS), reverse("office:password_change"))
        return request.path not in allowed

    def _needs_second_factor(self, request) -> bool:
        if not settings.QINGFENG_TOTP_REQUIRED or not request.path.startswith("/office/"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "requires_totp", False):
            return False
        if user.is_verified():
            return False
        if self._open is None:
            self._open = tuple(reverse(name) for name in OPEN_PATHS)
        return request.path not in self._open
