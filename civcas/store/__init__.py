"""The store: SQLAlchemy tables, Alembic migrations, load/save of the model."""
from civcas.store.db import Store, database_url, provenance_groups

__all__ = ["Store", "database_url", "provenance_groups"]
