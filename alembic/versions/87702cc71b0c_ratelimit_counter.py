"""rate limits: one counter row per bucket instead of one row per hit

Revision ID: 87702cc71b0c
Revises: c7e1a2b9d4f0
Create Date: 2026-11-29 09:00:00

Written by hand; mirrors RateLimitCounter in volunteer_app/models.py. Counting rows and then
inserting one let parallel requests pass the limit together; a counter bumped by one upsert
cannot. The old rows are not carried over: they only held the last 15 minutes of misses.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = '87702cc71b0c'
down_revision: Union[str, Sequence[str], None] = 'c7e1a2b9d4f0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('ratelimitcounter',
    sa.Column('bucket', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('window_end', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('bucket')
    )
    with op.batch_alter_table('ratelimitcounter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratelimitcounter_window_end'), ['window_end'], unique=False)

    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratelimithit_bucket'))
        batch_op.drop_index(batch_op.f('ix_ratelimithit_at'))
    op.drop_table('ratelimithit')


def downgrade() -> None:
    op.create_table('ratelimithit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratelimithit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratelimithit_bucket'), ['bucket'], unique=False)

    with op.batch_alter_table('ratelimitcounter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratelimitcounter_window_end'))
    op.drop_table('ratelimitcounter')
