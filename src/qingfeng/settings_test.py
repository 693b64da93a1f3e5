"""Settings for the test suite: the normal settings with QINGFENG_TESTING on."""

import os

os.environ["QINGFENG_TESTING"] = "1"

from qingfeng.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 is tested
