"""Apps register their demo content here; `seed_demo` runs it in registration order.

Order matters only where content refers to other content (articles before newsletter
editions), so each app registers with a small number: lower runs first.
"""

_seeders = []


def register(name, order=50):
    def decorator(func):
        _seeders.append((order, name, func))
        return func

    return decorator


def seeders():
    return [(name, func) for _, name, func in sorted(_seeders, key=lambda s: (s[0], s[1]))]
