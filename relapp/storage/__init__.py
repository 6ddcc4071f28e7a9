"""The only place that knows peewee and SQL: database setup, schema migrations, models
and the queries that return domain values."""

from relapp.storage.database import Database, open_database

__all__ = ["Database", "open_database"]
