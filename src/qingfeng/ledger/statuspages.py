"""The /track/ status pages of a problem's reports are kept in the cache under the problem's
generation (intake/statuspage.py, core/pagecache.py). Every saved change of a problem or of its
timeline moves the generation on once it is committed, whichever service made it: a status, a
reply, a deadline, a public event. Connected in LedgerConfig.ready()."""

from __future__ import annotations

from qingfeng.core import pagecache


def problem_saved(sender, instance, **kwargs) -> None:
    pagecache.problem_changed(instance.pk)


def event_saved(sender, instance, **kwargs) -> None:
    pagecache.problem_changed(instance.problem_id)
