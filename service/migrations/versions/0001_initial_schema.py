"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 19:29:43.146885
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('object_type', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('catalogue_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('commune',
    sa.Column('insee_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('postal_codes', sa.JSON(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('insee_code')
    )
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commune_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_commune_name'), ['name'], unique=False)

    op.create_table('organisation',
    sa.Column('kind', sa.Enum('mission_locale', 'training_body', 'cfa', 'employer', 'siae', 'other', name='ck_kind_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('siae_kind', sa.Enum('ACI', 'AI', 'EI', 'ETTI', 'EITI', name='ck_siae_kind_values', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('siret', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('insee_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('accessible', sa.Boolean(), nullable=False),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('managed_by_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['managed_by_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id', name='uq_organisation_external_id')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_insee_code'), ['insee_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_managed_by_id'), ['managed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_siret'), ['siret'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_version'), ['version'], unique=False)

    op.create_table('rome_code',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('appellations', sa.JSON(), nullable=False),
    sa.Column('linked_codes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('rome_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rome_code_domain'), ['domain'], unique=False)

    op.create_table('partnership',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('convention', 'charte_alternance', 'referral', 'training_partner', 'immersion_host', 'other', name='ck_type_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name='ck_partnership_dates'),
    sa.CheckConstraint('source_id <> target_id', name='ck_partnership_distinct'),
    sa.ForeignKeyConstraint(['source_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_version'), ['version'], unique=False)

    op.create_table('training_session',
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('rome_codes', sa.JSON(), nullable=False),
    sa.Column('rncp_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('target_level', sa.Integer(), nullable=False),
    sa.Column('entry_level', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('permanent_entry', sa.Boolean(), nullable=False),
    sa.Column('late_entry_allowed', sa.Boolean(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=True),
    sa.Column('places_total', sa.Integer(), nullable=False),
    sa.Column('places_left', sa.Integer(), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('insee_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('modality', sa.Enum('on_site', 'distance', 'mixed', name='ck_modality_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('apprenticeship_possible', sa.Boolean(), nullable=False),
    sa.Column('funding', sa.JSON(), nullable=False),
    sa.Column('info_session_dates', sa.JSON(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('accessible', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name='ck_session_dates'),
    sa.CheckConstraint('entry_level = 0 OR entry_level BETWEEN 3 AND 8', name='ck_session_entry_level'),
    sa.CheckConstraint('places_left <= places_total', name='ck_session_places_left_le_total'),
    sa.CheckConstraint('places_left >= 0', name='ck_session_places_left_positive'),
    sa.CheckConstraint('target_level BETWEEN 3 AND 8', name='ck_session_target_level'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'external_id', name='uq_session_external_id')
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_version'), ['version'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'adviser', 'business_officer', 'training_body', name='ck_role_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)
        batch_op.create_index(batch_op.f('ix_user_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('youth',
    sa.Column('file_reference', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('qualification_level', sa.Integer(), nullable=False),
    sa.Column('wished_rome_codes', sa.JSON(), nullable=False),
    sa.Column('wishes_text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('home_insee_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('travel_modes', sa.JSON(), nullable=False),
    sa.Column('driving_licence', sa.Boolean(), nullable=False),
    sa.Column('max_travel_minutes', sa.Integer(), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('programme', sa.Enum('CEJ', 'PACEA', 'none', name='ck_programme_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rqth', sa.Boolean(), nullable=False),
    sa.Column('iae_eligible', sa.Boolean(), nullable=False),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('nationality', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
    sa.Column('qpv_resident', sa.Boolean(), nullable=True),
    sa.Column('frr_resident', sa.Boolean(), nullable=True),
    sa.Column('share_sensitive_with_partners', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_locale_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_activity_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('max_travel_minutes BETWEEN 0 AND 240', name='ck_youth_max_travel'),
    sa.CheckConstraint('qualification_level = 2 OR qualification_level BETWEEN 3 AND 8', name='ck_youth_level'),
    sa.ForeignKeyConstraint(['mission_locale_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_locale_id', 'file_reference', name='uq_youth_file_reference')
    )
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_youth_mission_locale_id'), ['mission_locale_id'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('offer',
    sa.Column('kind', sa.Enum('session', 'job', 'apprenticeship', 'professionalisation', 'immersion', 'siae_post', name='ck_kind_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('rome_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('appellation', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('contract_type', sa.Enum('CDI', 'CDD', 'interim', 'apprentissage', 'professionnalisation', 'CDDI', 'PMSMP', name='ck_contract_type_values', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('duration_months', sa.Integer(), nullable=True),
    sa.Column('hours_per_week', sa.Float(), nullable=True),
    sa.Column('level_required', sa.Integer(), nullable=False),
    sa.Column('driving_licence_required', sa.Boolean(), nullable=False),
    sa.Column('positions_open', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('insee_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('minors_accepted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('expires_on IS NULL OR start_date IS NULL OR expires_on >= start_date', name='ck_offer_dates'),
    sa.CheckConstraint('level_required = 0 OR level_required BETWEEN 3 AND 8', name='ck_offer_level'),
    sa.CheckConstraint('positions_open >= 0', name='ck_offer_positions_positive'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'external_id', name='uq_offer_external_id')
    )
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_rome_code'), ['rome_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_version'), ['version'], unique=False)

    op.create_table('positioning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('youth_id', sa.Integer(), nullable=True),
    sa.Column('mission_locale_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'positioned', 'selected', 'entered', 'completed', 'refused', 'withdrawn', 'abandoned', name='ck_status_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('file_reference', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(session_id IS NULL) <> (offer_id IS NULL)', name='ck_positioning_one_target'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['mission_locale_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], ),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('positioning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positioning_mission_locale_id'), ['mission_locale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_positioning_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_positioning_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_positioning_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_positioning_youth_id'), ['youth_id'], unique=False)

    op.create_table('positioning_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('positioning_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('proposed', 'positioned', 'selected', 'entered', 'completed', 'refused', 'withdrawn', 'abandoned', name='ck_from_status_values', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'positioned', 'selected', 'entered', 'completed', 'refused', 'withdrawn', 'abandoned', name='ck_to_status_values', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['positioning_id'], ['positioning.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('positioning_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positioning_event_positioning_id'), ['positioning_id'], unique=False)

    # The one row that orders catalogue writes (see service/models/catalogue.py).
    op.execute("INSERT INTO catalogue_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    with op.batch_alter_table('positioning_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positioning_event_positioning_id'))

    op.drop_table('positioning_event')
    with op.batch_alter_table('positioning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positioning_youth_id'))
        batch_op.drop_index(batch_op.f('ix_positioning_status'))
        batch_op.drop_index(batch_op.f('ix_positioning_session_id'))
        batch_op.drop_index(batch_op.f('ix_positioning_offer_id'))
        batch_op.drop_index(batch_op.f('ix_positioning_mission_locale_id'))

    op.drop_table('positioning')
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_version'))
        batch_op.drop_index(batch_op.f('ix_offer_rome_code'))
        batch_op.drop_index(batch_op.f('ix_offer_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_offer_kind'))

    op.drop_table('offer')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_token_hash'))

    op.drop_table('api_token')
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_youth_mission_locale_id'))

    op.drop_table('youth')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_user_email'))

    op.drop_table('user')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_version'))
        batch_op.drop_index(batch_op.f('ix_training_session_organisation_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_version'))
        batch_op.drop_index(batch_op.f('ix_partnership_target_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_source_id'))

    op.drop_table('partnership')
    with op.batch_alter_table('rome_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rome_code_domain'))

    op.drop_table('rome_code')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_version'))
        batch_op.drop_index(batch_op.f('ix_organisation_siret'))
        batch_op.drop_index(batch_op.f('ix_organisation_parent_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_managed_by_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_kind'))
        batch_op.drop_index(batch_op.f('ix_organisation_insee_code'))

    op.drop_table('organisation')
    with op.batch_alter_table('commune', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commune_name'))
        batch_op.drop_index(batch_op.f('ix_commune_department'))

    op.drop_table('commune')
    op.drop_table('catalogue_version')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_object_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
