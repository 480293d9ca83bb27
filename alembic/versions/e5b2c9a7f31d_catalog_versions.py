"""catalog versions: imports published over the shipped procedures, revisions for pinned drafts,
a centre's province, offered procedures and draft grace days (issue 13)

Revision ID: e5b2c9a7f31d
Revises: d3f1a6c8e2b7
Create Date: 2026-11-30 13:30:00

Written by hand; mirrors CatalogVersion, CatalogDefinition, ProcedureRevision and the new Centre
columns in volunteer_app/models.py.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'e5b2c9a7f31d'
down_revision: Union[str, Sequence[str], None] = 'd3f1a6c8e2b7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_code', S(length=2), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('offered', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('draft_grace_days', sa.Integer(), nullable=False, server_default='30'))
    op.create_table(
        'catalogversion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('uid', S(length=32), nullable=False),
        sa.Column('status', S(length=12), nullable=False),
        sa.Column('source_name', S(length=200), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('published_by', sa.Integer(), nullable=True),
        sa.Column('published_at', T(), nullable=True),
        sa.Column('rolled_back_by', sa.Integer(), nullable=True),
        sa.Column('rolled_back_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['created_by'], ['user.id']),
        sa.ForeignKeyConstraint(['published_by'], ['user.id']),
        sa.ForeignKeyConstraint(['rolled_back_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_catalogversion_number'), 'catalogversion', ['number'], unique=True)
    op.create_index(op.f('ix_catalogversion_status'), 'catalogversion', ['status'], unique=False)
    op.create_table(
        'catalogdefinition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('code', S(length=20), nullable=False),
        sa.Column('source', sa.JSON(), nullable=True),
        sa.Column('base_etag', S(length=16), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['catalogversion.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('version_id', 'code', name='uq_catalogdefinition_version_code'),
    )
    op.create_index(op.f('ix_catalogdefinition_version_id'), 'catalogdefinition', ['version_id'], unique=False)
    op.create_table(
        'procedurerevision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', S(length=20), nullable=False),
        sa.Column('etag', S(length=16), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('current_since', T(), nullable=False),
        sa.Column('superseded_at', T(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code', 'etag', name='uq_procedurerevision_code_etag'),
    )
    op.create_index(op.f('ix_procedurerevision_code'), 'procedurerevision', ['code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_procedurerevision_code'), table_name='procedurerevision')
    op.drop_table('procedurerevision')
    op.drop_index(op.f('ix_catalogdefinition_version_id'), table_name='catalogdefinition')
    op.drop_table('catalogdefinition')
    op.drop_index(op.f('ix_catalogversion_status'), table_name='catalogversion')
    op.drop_index(op.f('ix_catalogversion_number'), table_name='catalogversion')
    op.drop_table('catalogversion')
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.drop_column('draft_grace_days')
        batch_op.drop_column('offered')
        batch_op.drop_column('province_code')
