"""names per report

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_names',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], )
    )
    with op.batch_alter_table('report_names', schema=None) as batch_op:
        batch_op.create_index('ix_report_names_name', ['name'], unique=False)

    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.drop_column('names')

    with op.batch_alter_table('report_names', schema=None) as batch_op:
        batch_op.drop_index('ix_report_names_name')

    op.drop_table('report_names')
