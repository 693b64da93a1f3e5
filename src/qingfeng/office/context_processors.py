from qingfeng.office.nav import menu_for


def office_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/office/"):
        return {}
    match = getattr(request, "resolver_match", None)
    return {"office_nav": menu_for(user, match.view_name if match else "")}
