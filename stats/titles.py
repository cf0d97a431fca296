"""Titles of counted pages, from the apps that own them.

The statistics app imports no product app: an app that can name its pages (the blog: an
article's path gives its title) registers a lookup here in its AppConfig.ready().
"""

_lookups = []


def register(lookup):
    """`lookup(paths)` returns {path: title} for those of `paths` it knows."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def titles(paths):
    paths = set(paths)
    found = {}
    for lookup in _lookups:
        found.update(lookup(paths - found.keys()))
    return found
