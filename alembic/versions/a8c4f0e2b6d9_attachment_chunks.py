"""attachments: their bytes in the database (attachment_chunk), the default on PostgreSQL

Revision ID: a8c4f0e2b6d9
Revises: f15a7c3d9e21
Create Date: 2026-11-30 14:30:00

Written by hand; mirrors AttachmentChunk in volunteer_app/models.py (services/blob_store.py).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'a8c4f0e2b6d9'
down_revision: Union[str, Sequence[str], None] = 'f15a7c3d9e21'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'attachment_chunk',
        sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('start', sa.BigInteger(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('storage_key', 'start'),
    )


def downgrade() -> None:
    op.drop_table('attachment_chunk')
