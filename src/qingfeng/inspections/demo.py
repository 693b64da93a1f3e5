def build(*, seed, county_code):
    return {}


def clear():
    pass
