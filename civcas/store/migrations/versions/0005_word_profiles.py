"""word profiles

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

Each report's content-word profile (report_facts.words) and, per word, how many profiles hold it
(word_counts), so the linker can weigh text similarity by how rare the shared words are. Reports
extracted before this revision have no profile: they link as before, without the similarity.
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('word_counts',
                    sa.Column('word', sa.String(length=60), nullable=False),
                    sa.Column('reports', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('word'))
    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('words', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('report_facts', schema=None) as batch_op:
        batch_op.drop_column('words')
    op.drop_table('word_counts')
