"""four indexes every new dossier wrote and no query reads (issue 17)

Revision ID: c3a9e5f1d7b2
Revises: b7d1e4c9a2f3
Create Date: 2026-12-01 02:10:00

Written by hand; mirrors volunteer_app/models.py. Each index is one more page in every dossier
write's commit (SQLite writes the whole page to its WAL and, later, to the database):
- ``ix_dossierversion_dossier_id``: the unique (dossier_id, version) index starts with
  dossier_id and serves every look-up by it;
- ``ix_ratelimitcounter_window_end``: only the housekeeping prune reads window_end, over a table of
  the buckets in use (a scan), while every counted request rewrote the entry;
- ``ix_auditevent_at`` and ``ix_auditevent_actor_id``: the audit trail is read by dossier
  (``ix_auditevent_dossier_id``, kept) in id order; nothing reads it by time or by actor, and a
  new dossier writes two events.
"""
from typing import Sequence, Union

from alembic import op

revision: str = 'c3a9e5f1d7b2'
down_revision: Union[str, Sequence[str], None] = 'b7d1e4c9a2f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_index('ix_dossierversion_dossier_id', table_name='dossierversion')
    op.drop_index('ix_ratelimitcounter_window_end', table_name='ratelimitcounter')
    op.drop_index('ix_auditevent_at', table_name='auditevent')
    op.drop_index('ix_auditevent_actor_id', table_name='auditevent')


def downgrade() -> None:
    op.create_index('ix_auditevent_actor_id', 'auditevent', ['actor_id'], unique=False)
    op.create_index('ix_auditevent_at', 'auditevent', ['at'], unique=False)
    op.create_index('ix_ratelimitcounter_window_end', 'ratelimitcounter', ['window_end'], unique=False)
    op.create_index('ix_dossierversion_dossier_id', 'dossierversion', ['dossier_id'], unique=False)
