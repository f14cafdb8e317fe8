"""partnership confirmation and ending, machine accounts, login lockout per email, one active
positioning per youth and item

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("status IN ('proposed', 'positioned', 'selected', 'entered') AND youth_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("partnership") as batch:
        batch.add_column(sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("confirmed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.create_foreign_key("fk_partnership_confirmed_by_id_user", "user", ["confirmed_by_id"], ["id"])
    # Partnerships recorded before confirmation existed keep counting as they did.
    op.execute(sa.text("UPDATE partnership SET confirmed_at = CURRENT_TIMESTAMP"))
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("machine", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    op.create_table(
        "login_lockout",
        sa.Column("email_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("email_digest"),
    )
    for target in ("session", "offer"):
        op.create_index(
            f"uq_positioning_active_{target}", "positioning", ["youth_id", f"{target}_id"], unique=True,
            sqlite_where=ACTIVE, postgresql_where=ACTIVE,
        )


def downgrade() -> None:
    for target in ("session", "offer"):
        op.drop_index(f"uq_positioning_active_{target}", table_name="positioning")
    op.drop_table("login_lockout")
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("machine")
    with op.batch_alter_table("partnership") as batch:
        batch.drop_constraint("fk_partnership_confirmed_by_id_user", type_="foreignkey")
        batch.drop_column("ended_at")
        batch.drop_column("confirmed_by_id")
        batch.drop_column("confirmed_at")
