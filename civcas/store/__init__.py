"""The store: SQLAlchemy tables, Alembic migrations, load/save of the model."""
from civcas.store.db import RARE_WORDS, Store, database_url, provenance_groups

__all__ = ["RARE_WORDS", "Store", "database_url", "provenance_groups"]
