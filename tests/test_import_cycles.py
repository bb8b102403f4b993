"""No import cycles between the app's modules (issue 14, item 3).

import-linter's ``layers`` contract orders the sub-packages, but says nothing about two modules
inside one layer importing each other. This test builds the whole import graph with grimp
(import-linter's own library) and fails on any cycle of modules, naming each one with the file
and line of every import in it. Lazy imports inside functions count: a cycle is a cycle whenever
it is closed. Imports under ``if TYPE_CHECKING:`` count too: they are cheap to break and a cycle
there is the same coupling.
"""

from __future__ import annotations

import itertools

import grimp
import pytest

PACKAGES = ("contractreview", "contractreview_ui", "contractreview_training")


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that reach each other by imports (a module that
    imports itself is a group of one). The graph is ~100 modules deep at most, so recursion is
    safe."""
    modules = sorted(graph.modules)
    internal = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & internal) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1 or node in edges[node]:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return groups


def describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    """One concrete cycle through the group: each import with its file line."""
    first = group[0]
    back = next(m for m in group if graph.direct_import_exists(importer=m, imported=first))
    chain = [*graph.find_shortest_chain(importer=first, imported=back), first]
    lines = []
    for importer, imported in itertools.pairwise(chain):
        details = graph.get_import_details(importer=importer, imported=imported)
        where = ", ".join(f"line {d['line_number']}" for d in details) or "?"
        lines.append(f"  {importer} -> {imported} ({where})")
    return "\n".join(lines)


def test_no_import_cycles() -> None:
    graph = _graph()
    groups = strongly_connected(graph)
    report = "\n".join(f"cycle {i + 1}:\n{describe(graph, g)}" for i, g in enumerate(groups))
    assert not groups, f"{len(groups)} import cycle(s):\n{report}"


def test_the_graph_holds_every_package() -> None:
    modules = _graph().modules
    for package in PACKAGES:
        assert package in modules
    assert "contractreview.analysis.pipeline" in modules


@pytest.mark.parametrize(
    ("planted", "smallest"),
    [
        # atomic_write imports errors directly: a cycle of two
        pytest.param(("contractreview.errors", "contractreview.atomic_write"), 2, id="two-modules"),
        # cli.analyze reaches errors only through other modules: a longer cycle
        pytest.param(("contractreview.errors", "contractreview.cli.analyze"), 3, id="long-cycle"),
    ],
)
def test_a_planted_cycle_is_found(planted: tuple[str, str], smallest: int) -> None:
    graph = _graph()
    importer, imported = planted
    graph.add_import(importer=importer, imported=imported)
    groups = strongly_connected(graph)
    assert len(groups) == 1
    assert {importer, imported} <= set(groups[0])
    assert len(groups[0]) >= smallest
    text = describe(graph, groups[0])
    assert text.count("->") >= smallest
    assert f"{importer} -> {imported}" in text
