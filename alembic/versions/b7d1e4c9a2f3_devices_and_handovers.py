"""shared tablets: the device register, sessions bound to a device, draft hand-overs (issue 16)

Revision ID: b7d1e4c9a2f3
Revises: b4e7d2a9c1f3
Create Date: 2026-11-30 17:00:00

Written by hand; mirrors Device, DraftHandover and AuthSession.device_id in volunteer_app/models.py.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'b7d1e4c9a2f3'
down_revision: Union[str, Sequence[str], None] = 'b4e7d2a9c1f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'device',
        sa.Column('id', S(length=36), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=True),
        sa.Column('name', S(length=80), nullable=False),
        sa.Column('registered_by', sa.Integer(), nullable=True),
        sa.Column('registered_at', T(), nullable=False),
        sa.Column('last_seen_at', T(), nullable=True),
        sa.Column('waiting', sa.JSON(), server_default='[]', nullable=False),
        sa.Column('oldest_queued_at', T(), nullable=True),
        sa.Column('app_version', S(length=40), nullable=False),
        sa.Column('catalog_version', S(length=64), nullable=False),
        sa.Column('storage_used', sa.BigInteger(), nullable=True),
        sa.Column('storage_quota', sa.BigInteger(), nullable=True),
        sa.Column('persisted', sa.Boolean(), nullable=True),
        sa.Column('revoked_at', T(), nullable=True),
        sa.Column('revoked_by', sa.Integer(), nullable=True),
        sa.Column('wiped_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['centre_id'], ['centre.id']),
        sa.ForeignKeyConstraint(['registered_by'], ['user.id']),
        sa.ForeignKeyConstraint(['revoked_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_device_centre_id'), 'device', ['centre_id'], unique=False)
    op.create_index(op.f('ix_device_last_seen_at'), 'device', ['last_seen_at'], unique=False)
    op.create_table(
        'draft_handover',
        sa.Column('id', S(length=32), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=True),
        sa.Column('from_user_id', sa.Integer(), nullable=False),
        sa.Column('to_user_id', sa.Integer(), nullable=False),
        sa.Column('from_device_id', S(length=36), nullable=True),
        sa.Column('draft_id', S(length=36), nullable=False),
        sa.Column('procedure_code', S(length=20), nullable=False),
        sa.Column('file_count', sa.Integer(), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('sealed', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('expires_at', T(), nullable=False),
        sa.Column('received_at', T(), nullable=True),
        sa.Column('received_device_id', S(length=36), nullable=True),
        sa.Column('expired_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['centre_id'], ['centre.id']),
        sa.ForeignKeyConstraint(['from_user_id'], ['user.id']),
        sa.ForeignKeyConstraint(['to_user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    for col in ('centre_id', 'from_user_id', 'to_user_id', 'draft_id', 'expires_at'):
        op.create_index(op.f(f'ix_draft_handover_{col}'), 'draft_handover', [col], unique=False)
    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', S(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_authsession_device_id'), ['device_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authsession_device_id'))
        batch_op.drop_column('device_id')
    for col in ('centre_id', 'from_user_id', 'to_user_id', 'draft_id', 'expires_at'):
        op.drop_index(op.f(f'ix_draft_handover_{col}'), table_name='draft_handover')
    op.drop_table('draft_handover')
    op.drop_index(op.f('ix_device_last_seen_at'), table_name='device')
    op.drop_index(op.f('ix_device_centre_id'), table_name='device')
    op.drop_table('device')
