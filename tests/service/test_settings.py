"""Settings refuse what would be unsafe in production."""

import pytest
from pydantic import ValidationError

from service.settings import DEV_SECRET, Settings


def test_production_refuses_the_development_secret():
    with pytest.raises(ValidationError, match="PASSERELLE_SECRET_KEY"):
        Settings(environment="production", secret_key=DEV_SECRET)
    assert Settings(environment="production", secret_key="a-long-random-secret").environment == "production"


@pytest.mark.parametrize("name", ["retention_months", "db_timeout_seconds", "access_token_minutes", "api_token_days"])
def test_durations_must_be_positive(name):
    with pytest.raises(ValidationError, match=name):
        Settings(**{name: 0})
