"""The open API: django-ninja, OpenAPI 3 at /api/openapi.json, version 1 under /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

from qingfeng.api import errors
from qingfeng.api.auth import TokenAuth
from qingfeng.api.routes import problems, reads, screening

api = NinjaAPI(
    title="清风开放接口",
    version="1.0.0",
    description=(
        "供 12345 热线、信访系统、舆情监测等渠道报送问题、同步办理进展，"
        "以及上传比对数据、读取统计和三务公开。除公开接口外，每次调用须带 "
        "`Authorization: Bearer <令牌>`；错误一律返回 JSON {code, message, field}。"
        "说明和示例见 docs/api.md。"
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # /api/docs is ours (views.DocsView): Swagger UI from npm, no CDN
)
errors.install(api)
api.add_router("/v1/", problems.router)
api.add_router("/v1/", screening.router)
api.add_router("/v1/", reads.router)
api.add_router("/v1/public/", reads.public)
