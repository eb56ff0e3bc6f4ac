"""sessions and login events

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

`sessions`: the web's logged-in sessions, kept server-side (the cookie holds a random token, this
table its SHA-256, the session's CSRF token, when it expires and whether it was revoked), so a
logout or an admin's command ends a login at once. `login_events`: every login attempt and every
lifted lockout (user name as typed, client address, success, reason), which the login throttle
counts. The `settings` row `session_secret` is no longer read (the key lives outside the
database now); the table stays.
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sessions',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('token_hash', sa.String(64), nullable=False, unique=True),
        sa.Column('username', sa.String(100), nullable=False, index=True),
        sa.Column('csrf', sa.String(64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
    )
    op.create_table(
        'login_events',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('username', sa.String(200), nullable=False),
        sa.Column('address', sa.String(64), nullable=False),
        sa.Column('success', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.String(40), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_login_events_username_at', 'login_events', ['username', 'at'])
    op.create_index('ix_login_events_address_at', 'login_events', ['address', 'at'])


def downgrade() -> None:
    op.drop_index('ix_login_events_address_at', table_name='login_events')
    op.drop_index('ix_login_events_username_at', table_name='login_events')
    op.drop_table('login_events')
    op.drop_table('sessions')
