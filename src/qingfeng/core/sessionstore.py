"""Sessions in the shared cache (Redis, Memcached), and the signed-in ones in the database too.

SESSION_ENGINE when QINGFENG_CACHE_URL names an in-memory cache (core/cacheconf.py). A session
is kept by what it holds:

- a resident's (a 查询码 looked up, a report just sent: no signed-in user) only in the cache,
  with the session's age as the key's expiry. A /track/ look-up then costs one cache write and
  a status page one cache read: no session row, no SQL at all.
- a signed-in user's (the back office) in the cache and in the `django_session` table, like
  Django's `cached_db`: the row is the record (idle expiry, written on every office request by
  SESSION_SAVE_EVERY_REQUEST, core/sessions.py), the cache spares the read. An official stays
  signed in if the cache is emptied or restarted; a resident has to type the code again.

A session turns from the first kind into the second at sign-in (Django's login cycles the key
and adds the user): its first save with a user inserts the row.

Errors of the cache are not hidden: with Redis down a request fails (a Chinese 503 page,
core/views.server_error) rather than losing or resurrecting a session. Only a cookie that is
no valid cache key (Memcached refuses some) reads as an empty session.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import InvalidCacheKey

KEY_PREFIX = "qf.session:"


class SessionStore(CachedDBStore):
    cache_key_prefix = KEY_PREFIX

    def _signed_in(self) -> bool:
        return SESSION_KEY in self._get_session(no_load=True)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except InvalidCacheKey:
            return {}
        if data is not None:
            return data
        # Not in the cache: a signed-in session whose cache entry went (evicted, restarted).
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def exists(self, session_key):
        # A new key is checked against the cache (every session is there); a key taken by a
        # row only also fails at insert (must_create), and create() then draws another.
        return bool(session_key) and (self.cache_key_prefix + session_key) in self._cache

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        if not self._signed_in():
            timeout = self.get_expiry_age()
            data = self._get_session(no_load=must_create)
            if must_create:
                if not self._cache.add(self.cache_key, data, timeout):
                    raise CreateError
            else:
                self._cache.set(self.cache_key, data, timeout)
            return None
        try:
            self._save_row(must_create)
        except UpdateError:  # signed in just now: the session had no row yet
            self._save_row(must_create=True)
        self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        return None

    def _save_row(self, must_create: bool) -> None:
        # The database store's save (cached_db's would also write the cache, and swallow its
        # errors).
        super(CachedDBStore, self).save(must_create)
