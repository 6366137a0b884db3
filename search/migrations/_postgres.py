"""What this app's migrations run on PostgreSQL alone (indexes and vectors SQLite has no use
for). A module whose name starts with "_" is not a migration to Django's loader."""


def on_postgres(*statements: str):
    """A RunPython function that executes the statements on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run
