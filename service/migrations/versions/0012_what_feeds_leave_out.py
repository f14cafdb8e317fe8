"""what an LHEO feed may leave out of a session: its places, and an exit level (a training that
certifies none)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_session") as batch:
        batch.alter_column("places_total", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("places_left", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("target_level", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # unstated places read as none left: the session is full until its body states them; a
    # training certifying no level reads as a CAP's (3), the lowest the older schema knows
    op.execute("UPDATE training_session SET places_total = 0, places_left = 0 WHERE places_total IS NULL")
    op.execute("UPDATE training_session SET target_level = 3 WHERE target_level IS NULL")
    with op.batch_alter_table("training_session") as batch:
        batch.alter_column("target_level", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("places_left", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("places_total", existing_type=sa.Integer(), nullable=False)
