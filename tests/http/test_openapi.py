"""The exported spec is the code's spec."""

from service.openapi_export import SPEC_PATH, current_spec, render


def test_exported_spec_is_current():
    assert SPEC_PATH.read_text(encoding="utf-8") == render(current_spec()), (
        "openapi/openapi.json is stale: run `make openapi`"
    )


def test_spec_documents_problem_responses_and_auth():
    spec = current_spec()
    assert "/api/v1/youths/{youth_id}/matches" in spec["paths"]
    assert spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["type"] == "oauth2"
