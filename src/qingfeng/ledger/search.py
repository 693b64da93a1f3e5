"""Full-text search for Chinese: jieba cuts the text into words, stored in `search_text`.

On PostgreSQL the words are matched with full-text search (the 'simple' configuration, which
keeps jieba's words as they are); on SQLite every word must occur in the stored text."""

from __future__ import annotations

import re

import jieba
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet

jieba.setLogLevel(60)  # jieba prints its dictionary loading otherwise

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in jieba.cut_for_search(text or ""):
        word = _PUNCT.sub("", word).lower()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def index_text(*parts: str) -> str:
    return " ".join(words(" ".join(p for p in parts if p)))


def search(queryset: QuerySet, query: str) -> QuerySet:
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("search_text", config="simple")
        q = SearchQuery(" & ".join(terms), search_type="raw", config="simple")
        return queryset.annotate(_search=vector).filter(_search=q)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
