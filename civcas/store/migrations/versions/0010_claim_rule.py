"""claim rule

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

The ids of the rules that read each claim (its count's, then its scope's: "count.kind-after",
"count.dep.subject+scope.tally.since-start"), so a rule that fires wrongly is found by number.
Claims stored before this revision have none until `civcas reprocess` reads them again.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule', sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('rule')
