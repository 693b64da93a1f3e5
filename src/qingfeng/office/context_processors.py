from qingfeng.office.nav import nav_for


def office_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/office/"):
        return {}
    return {"office_nav": nav_for(user)}
