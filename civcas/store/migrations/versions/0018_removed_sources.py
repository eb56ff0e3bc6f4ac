"""removed sources

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30

When a source left the sources file. `civcas watch` no longer polls it, but its row keeps what it
fetched (its articles stay in the store), so /sources lists it apart, with the day it went,
instead of as a source still polled. A source put back in the file is polled again.
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('sources', sa.Column('removed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('sources', 'removed_at')
