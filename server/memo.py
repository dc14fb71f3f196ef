"""Answers kept for inputs that recur: one bounded memo for pure functions of short strings."""

from __future__ import annotations

from functools import lru_cache, wraps


def remember_short(limit: int, maxsize: int):
    """Decorate a pure function so that its answers are kept (the last ``maxsize``) when every
    string argument is at most ``limit`` characters long; longer inputs are computed each time, so
    the memo stays small whatever a client sends. Exceptions are never kept."""
    def decorate(function):
        kept = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(*args, **kwargs):
            short = all(len(value) <= limit for value in (*args, *kwargs.values()) if isinstance(value, str))
            return kept(*args, **kwargs) if short else function(*args, **kwargs)
        return call
    return decorate
