"""PostgreSQL's query plans as tests read them (EXPLAIN (FORMAT JSON))."""


def plan_nodes(node: dict):
    """The plan's node and every node under it."""
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)
