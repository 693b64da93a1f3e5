"""A fast hasher for generated one-time passwords only.

Argon2 (the default) costs about 0.1 s per password on purpose, which protects passwords people
choose. A generated one-time password has about 81 random bits (workbook.apply), so a salted
PBKDF2 with few rounds is already out of reach of guessing, and it lets an import create 2,000
accounts in seconds instead of minutes. The user must change it at first sign-in (the new one is
hashed with Argon2), and Django re-hashes with the preferred hasher on every successful login.
See docs/decisions/0004-one-time-password-hash.md.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

ONE_TIME = "qf_onetime_pbkdf2"


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = ONE_TIME
    iterations = 2000
