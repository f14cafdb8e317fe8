from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from seeds.demo import DEMO_PASSWORD
from service.models import Organisation, Role, User
from service.users import create_user


@pytest.fixture
def demo_user(db: Session) -> Callable[[str], User]:
    return lambda who: db.exec(select(User).where(User.email == f"{who}@demo.passerelle.fr")).one()


@pytest.fixture
def other_user(db: Session) -> Callable[[Role, int], str]:
    """A user of another organisation, created inside the test's transaction."""
    def make(role: Role, organisation_id: int) -> str:
        email = f"{role.value}-{organisation_id}@autre.fr"
        create_user(db, email, role, organisation_id, DEMO_PASSWORD)
        db.commit()
        return email

    return make


@pytest.fixture
def another_ml(db: Session, demo_user) -> Organisation:  # type: ignore[no-untyped-def]
    mine = demo_user("adviser").organisation_id
    return db.exec(select(Organisation).where(Organisation.kind == "mission_locale", Organisation.id != mine)
                   .order_by(Organisation.id)).first()
