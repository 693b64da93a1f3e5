"""The interactive API documentation page (public: it shows the document, not data)."""

from __future__ import annotations

from django.views.generic import TemplateView


class DocsView(TemplateView):
    template_name = "api/docs.html"
