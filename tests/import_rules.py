"""The layering rules of docs/ARCHITECTURE.md, read from the source: who imports whom.

Small functions over `ast`, so tests/unit/test_architecture.py runs them on the tree and on
small synthetic trees (to show that each rule can fail).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOTS = ("bot", "storage", "emulator")
# The sub-packages and top-level modules of these roots are nodes of the package graph;
# any other root (storage, emulator) is one node.
SPLIT_ROOTS = frozenset({"bot"})

Edge = tuple[str, str]


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    line: int
    type_checking: bool = False

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.target}"


# --- reading the tree -------------------------------------------------------------------


def module_name(relative: Path) -> str:
    parts = relative.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def find_modules(root: Path, packages: Sequence[str] = ROOTS) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    return {
        module_name(path.relative_to(root)): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }


def read_imports(modules: dict[str, Path]) -> list[Import]:
    """Every import statement of the modules, at any depth, resolved to absolute names."""
    return [
        found for name, path in modules.items() for found in imports_of(name, path, set(modules))
    ]


def imports_of(name: str, path: Path, known: set[str]) -> Iterator[Import]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for statement, guarded in _import_statements(tree.body, guarded=False):
        for target in _targets(statement, package, known):
            yield Import(name, target, statement.lineno, guarded)


def _import_statements(
    nodes: Iterable[ast.AST], *, guarded: bool
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, guarded
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_statements(node.body, guarded=True)
            yield from _import_statements(node.orelse, guarded=guarded)
        else:
            yield from _import_statements(ast.iter_child_nodes(node), guarded=guarded)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(statement: ast.Import | ast.ImportFrom, package: str, known: set[str]) -> list[str]:
    if isinstance(statement, ast.Import):
        return [alias.name for alias in statement.names]
    base = _absolute(statement, package)
    # `from bot import roles` imports the module bot.roles; `from bot.roles import Staff`
    # imports bot.roles and takes a name from it.
    submodules = [f"{base}.{alias.name}" for alias in statement.names]
    return list(dict.fromkeys(sub if sub in known else base for sub in submodules))


def _absolute(statement: ast.ImportFrom, package: str) -> str:
    if not statement.level:
        return statement.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - statement.level + 1]
    return ".".join([*base, *([statement.module] if statement.module else [])])


# --- the layering rules -----------------------------------------------------------------


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def reaching(imports: Iterable[Import], source: str, target: str) -> list[Import]:
    """The imports by which a module of `source` imports something of `target`."""
    return [i for i in imports if within(i.importer, source) and within(i.target, target)]


# --- cycles between packages ------------------------------------------------------------


def node_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] in SPLIT_ROOTS else parts[0]


def package_edges(imports: Iterable[Import], roots: Sequence[str] = ROOTS) -> dict[Edge, Import]:
    """One import as evidence for every arrow between two packages. Imports made only for
    the type checker (`if TYPE_CHECKING:`) run nothing, so they are no arrow."""
    edges: dict[Edge, Import] = {}
    for found in imports:
        if found.type_checking or found.target.split(".")[0] not in roots:
            continue
        edge = (node_of(found.importer), node_of(found.target))
        if edge[0] != edge[1]:
            edges.setdefault(edge, found)
    return edges


def package_cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """The shortest cycle through each package that is on one, each cycle once, as a path
    that starts and ends with the same package."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    cycles: dict[frozenset[Edge], list[str]] = {}
    for start in sorted(graph):
        path = _shortest_way_back(graph, start)
        if path is not None:
            cycles.setdefault(frozenset(pairwise(path)), path)
    return list(cycles.values())


def _shortest_way_back(graph: dict[str, set[str]], start: str) -> list[str] | None:
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for following in sorted(graph.get(node, ())):
            if following == start:
                return [*_path_to(came_from, start, node), start]
            if following not in came_from:
                came_from[following] = node
                queue.append(following)
    return None


def _path_to(came_from: dict[str, str], start: str, node: str) -> list[str]:
    path = [node]
    while path[-1] != start:
        path.append(came_from[path[-1]])
    return path[::-1]


def describe_cycle(path: list[str], edges: dict[Edge, Import]) -> str:
    steps = "".join(f"\n    {edges[edge]}" for edge in pairwise(path))
    return f"{' → '.join(path)}{steps}"


# --- importing each module alone --------------------------------------------------------

# Runs in a fresh interpreter: the libraries the tree uses are imported once, then each module
# of the tree is imported in a forked child in which no module of the tree has been imported
# yet, as if it were the first import of the process (a fork costs milliseconds, a new
# interpreter that imports python-telegram-bot, SQLAlchemy and matplotlib about a second).
_FRESH_IMPORTS = """
import importlib, json, os, sys, traceback

def child(module, writing):
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        importlib.import_module(module)
    except BaseException as error:
        last = traceback.format_exception_only(type(error), error)[-1].strip()
        os.write(writing, last.encode()[:4000])
        os._exit(1)
    os._exit(0)

def finish(running, failures):
    pid, status = os.wait()
    module, reading = running.pop(pid)
    with os.fdopen(reading, "rb") as pipe:
        said = pipe.read().decode(errors="replace")
    if status:
        failures[module] = said or f"exit status {os.waitstatus_to_exitcode(status)}"

request = json.load(sys.stdin)
for library in request["libraries"]:
    try:
        importlib.import_module(library)
    except BaseException:
        pass
running, failures = {}, {}
for module in request["modules"]:
    if len(running) >= (os.cpu_count() or 2):
        finish(running, failures)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        child(module, writing)
    os.close(writing)
    running[pid] = (module, reading)
while running:
    finish(running, failures)
json.dump(failures, sys.stdout)
"""


def libraries(imports: Iterable[Import], roots: Sequence[str] = ROOTS) -> list[str]:
    """The modules from outside the tree that the tree imports."""
    outside = {i.target for i in imports if i.target.split(".")[0] not in (*roots, "__future__")}
    return sorted(outside)


def fresh_import_failures(
    root: Path, modules: Sequence[str], preload: Sequence[str] = ()
) -> dict[str, str]:
    """Module → the error of importing it as the first module of the tree in a process."""
    request = json.dumps({"libraries": list(preload), "modules": list(modules)})
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_IMPORTS],
        input=request,
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        timeout=300,
    )
    failures: dict[str, str] = json.loads(done.stdout)
    return failures
