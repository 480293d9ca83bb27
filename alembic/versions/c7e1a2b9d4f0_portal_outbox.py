"""portal outbox (forwarding accepted dossiers to the portal, issue 7)

Revision ID: c7e1a2b9d4f0
Revises: 4374b1b18573
Create Date: 2026-11-28 11:45:00

Written by hand (Reflex autogenerate only sees tables imported by the app module);
mirrors volunteer_app/portal/models.py.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'c7e1a2b9d4f0'
down_revision: Union[str, Sequence[str], None] = '4374b1b18573'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('portaloutbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('lease_owner', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('lease_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('official_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('remote_status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('remote_status_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key', name='uq_portaloutbox_idempotency_key')
    )
    with op.batch_alter_table('portaloutbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portaloutbox_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_portaloutbox_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_portaloutbox_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_portaloutbox_official_code'), ['official_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('portaloutbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portaloutbox_official_code'))
        batch_op.drop_index(batch_op.f('ix_portaloutbox_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_portaloutbox_status'))
        batch_op.drop_index(batch_op.f('ix_portaloutbox_dossier_id'))
    op.drop_table('portaloutbox')
