"""event mentions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Other incidents a report tells of in passing (report_facts.mentions: sentence span, date, place,
people), which the linker turns into 'mention' links. Reports extracted before this revision
have none until they are extracted again.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentions', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.drop_column('mentions')
