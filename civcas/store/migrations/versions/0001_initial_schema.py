"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gazetteer_places',
    sa.Column('geonameid', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('asciiname', sa.Text(), nullable=True),
    sa.Column('alternatenames', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('feature_class', sa.String(length=1), nullable=True),
    sa.Column('feature_code', sa.String(length=10), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('admin1_code', sa.String(length=20), nullable=True),
    sa.Column('admin2_code', sa.String(length=80), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('geonameid')
    )
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=True),
    sa.Column('date_source', sa.Text(), nullable=True),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('belligerents', sa.JSON(), nullable=True),
    sa.Column('means', sa.JSON(), nullable=True),
    sa.Column('civilian_deaths_min', sa.Integer(), nullable=True),
    sa.Column('civilian_deaths_max', sa.Integer(), nullable=True),
    sa.Column('grade', sa.String(length=12), nullable=True),
    sa.Column('grade_reason', sa.Text(), nullable=True),
    sa.Column('disputed', sa.Boolean(), nullable=True),
    sa.Column('independent_sources', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_table('ingest_errors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('reports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('outlet', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('origin_file', sa.Text(), nullable=True),
    sa.Column('origin_line', sa.Integer(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.Column('processed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_content_hash'), ['content_hash'], unique=False)

    op.create_table('analyst_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('analyst_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analyst_decisions_incident_id'), ['incident_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('population', sa.String(length=12), nullable=False),
    sa.Column('min', sa.Integer(), nullable=False),
    sa.Column('max', sa.Integer(), nullable=True),
    sa.Column('qualifier', sa.Text(), nullable=False),
    sa.Column('claimant', sa.Text(), nullable=True),
    sa.Column('claimant_type', sa.String(length=12), nullable=False),
    sa.Column('stance', sa.String(length=12), nullable=False),
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('parties', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_report_id'), ['report_id'], unique=False)

    op.create_table('incident_reports',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.UniqueConstraint('incident_id', 'report_id')
    )
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_reports_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_reports_report_id'), ['report_id'], unique=False)

    op.create_table('lsh_buckets',
    sa.Column('bucket', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], )
    )
    with op.batch_alter_table('lsh_buckets', schema=None) as batch_op:
        batch_op.create_index('ix_lsh_buckets_bucket', ['bucket'], unique=False)

    op.create_table('provenance_links',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('report_a', sa.Integer(), nullable=False),
    sa.Column('report_b', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=10), nullable=False),
    sa.Column('containment', sa.Float(), nullable=False),
    sa.Column('shared_sentences', sa.JSON(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_a'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['report_b'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_a', 'report_b')
    )
    with op.batch_alter_table('provenance_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provenance_links_report_a'), ['report_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_provenance_links_report_b'), ['report_b'], unique=False)

    op.create_table('report_facts',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=True),
    sa.Column('date_source', sa.Text(), nullable=True),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('places_mentioned', sa.JSON(), nullable=True),
    sa.Column('belligerents', sa.JSON(), nullable=True),
    sa.Column('means', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('report_id')
    )
    op.create_table('sentence_hashes',
    sa.Column('hash', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('sentence_index', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], )
    )
    with op.batch_alter_table('sentence_hashes', schema=None) as batch_op:
        batch_op.create_index('ix_sentence_hashes_hash', ['hash'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.String(length=100), nullable=False),
    sa.Column('stance', sa.String(length=12), nullable=False),
    sa.Column('claimant', sa.Text(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('about_civilians', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statements_report_id'))

    op.drop_table('statements')
    with op.batch_alter_table('sentence_hashes', schema=None) as batch_op:
        batch_op.drop_index('ix_sentence_hashes_hash')

    op.drop_table('sentence_hashes')
    op.drop_table('report_facts')
    with op.batch_alter_table('provenance_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provenance_links_report_b'))
        batch_op.drop_index(batch_op.f('ix_provenance_links_report_a'))

    op.drop_table('provenance_links')
    with op.batch_alter_table('lsh_buckets', schema=None) as batch_op:
        batch_op.drop_index('ix_lsh_buckets_bucket')

    op.drop_table('lsh_buckets')
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_reports_report_id'))
        batch_op.drop_index(batch_op.f('ix_incident_reports_incident_id'))

    op.drop_table('incident_reports')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_report_id'))

    op.drop_table('claims')
    with op.batch_alter_table('analyst_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analyst_decisions_incident_id'))

    op.drop_table('analyst_decisions')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_content_hash'))

    op.drop_table('reports')
    op.drop_table('ingest_errors')
    op.drop_table('incidents')
    op.drop_table('gazetteer_places')
