"""The shape of the code: which way imports run, and how long a function or module may be.

Read from the source with `ast`, imports inside functions included, so a cycle cannot hide
in a function body. Product code is `config/` and every top-level folder with an apps.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Which apps each app may import. A new app must be added here: the test names it.
# `stats` may be imported by blog and newsletter, or import blog, but not both ways
# (the app graph must stay free of cycles, see below).
MAY_IMPORT = {
    "core": set(),
    "blog": {"core", "stats"},
    "quotes": {"core"},
    "newsletter": {"core", "blog", "quotes", "stats"},
    "stats": {"core", "blog"},
    "config": {"core", "blog", "quotes", "newsletter", "stats"},
}

MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 400
# Modules allowed past the limits (none today); an entry that fits again fails the test below.
KNOWN_OVERSIZE = set()


def product_apps():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    return sorted(apps | {"config"})


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules():
    """{module name: path} of every product module, migrations included."""
    return {
        module_name(path): path
        for app in product_apps()
        for path in sorted((ROOT / app).rglob("*.py"))
    }


def imported_names(tree, module, is_package):
    """Every module name an import statement anywhere in `tree` asks for."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph():
    """{module: set of product modules it imports}."""
    modules = product_modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        names = imported_names(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in names if name in modules and name != module}
    return graph


def find_cycle(graph):
    """One cycle as a list of nodes [a, b, …, a], or None."""
    state, trail = {}, []

    def visit(node):
        state[node] = "open"
        trail.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        trail.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def app_of(module):
    return module.split(".", 1)[0]


def test_every_app_has_its_place_in_the_table_of_directions():
    missing = [app for app in product_apps() if app not in MAY_IMPORT]

    assert not missing, f"Neue App: in MAY_IMPORT eintragen, was sie importieren darf: {missing}"


def test_no_import_cycle_between_product_modules():
    cycle = find_cycle(import_graph())

    assert cycle is None, "Importe im Kreis: " + " → ".join(cycle)


def test_imports_follow_the_app_directions():
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in import_graph().items()
        for target in targets
        if app_of(target) != app_of(module)
        and app_of(target) not in MAY_IMPORT.get(app_of(module), set())
    )

    assert not wrong, "Importe gegen die Richtung der Apps:\n" + "\n".join(wrong)


def test_apps_import_each_other_one_way_only():
    apps = {}
    for module, targets in import_graph().items():
        apps.setdefault(app_of(module), set()).update(
            app_of(target) for target in targets if app_of(target) != app_of(module)
        )

    cycle = find_cycle(apps)
    assert cycle is None, "Apps importieren sich im Kreis: " + " → ".join(cycle)


def test_core_names_no_other_app():
    others = {app for app in product_apps() if app not in ("core", "config")}
    prefixes = tuple(f"{app}{separator}" for app in others for separator in ".:")
    named = []
    for module, path in product_modules().items():
        if app_of(module) != "core" or ".migrations." in f"{module}.":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "get_model":
                named.append(f"{module}: get_model")
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and (text in others or text.startswith(prefixes)):
                named.append(f"{module}: {text!r}")

    assert not named, "core nennt andere Apps:\n" + "\n".join(named)


def is_limited(path):
    """Demo text and migrations are exempt from the size limits."""
    relative = path.relative_to(ROOT)
    return "migrations" not in relative.parts and not path.name.startswith("demo_")


def oversize():
    """{path: [what is too long]} over the product modules that have limits."""
    found = {}
    for path in product_modules().values():
        if not is_limited(path):
            continue
        source = path.read_text()
        problems = []
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            problems.append(f"Modul mit {lines} Zeilen")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{node.name}() mit {length} Zeilen")
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    return found


def test_no_product_function_over_50_lines_nor_module_over_400():
    found = {path: problems for path, problems in oversize().items() if path not in KNOWN_OVERSIZE}

    report = [f"{path}: {', '.join(problems)}" for path, problems in found.items()]
    assert not found, "\n".join(report)


def test_every_known_exception_is_still_needed():
    stale = KNOWN_OVERSIZE - set(oversize())

    assert not stale, f"Passt jetzt, bitte aus KNOWN_OVERSIZE streichen: {sorted(stale)}"


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, cycle):
    assert find_cycle(graph) == cycle


def test_imports_inside_functions_count_too():
    tree = ast.parse("def late():\n    from newsletter import tasks\n")

    assert "newsletter.tasks" in set(imported_names(tree, "newsletter.services", False))
