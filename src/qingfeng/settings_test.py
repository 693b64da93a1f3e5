"""Settings for the test suite: the normal settings with QINGFENG_TESTING on."""

import os

os.environ["QINGFENG_TESTING"] = "1"

from qingfeng.settings import *  # noqa: F403

PASSWORD_HASHERS = [  # speed; argon2 is tested
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "qingfeng.orgs.hashers.OneTimePasswordHasher",
]
