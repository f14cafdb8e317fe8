"""follow-up that never stalls: structured reasons on status changes, reminders to hosts

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REASONS = (
    "not_mobile",
    "level",
    "not_selected",
    "no_answer",
    "found_elsewhere",
    "no_show",
    "health",
    "family",
    "housing",
    "money",
    "other",
)


def upgrade() -> None:
    with op.batch_alter_table("positioning_event") as batch:
        batch.add_column(
            sa.Column(
                "reason",
                sa.Enum(*REASONS, name="ck_reason_values", native_enum=False, create_constraint=True, length=15),
                nullable=True,
            )
        )
    with op.batch_alter_table("positioning") as batch:
        batch.add_column(sa.Column("reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("positioning") as batch:
        batch.drop_column("reminded_at")
    with op.batch_alter_table("positioning_event") as batch:
        batch.drop_constraint("ck_reason_values", type_="check")  # it names the column
        batch.drop_column("reason")
