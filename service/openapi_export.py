"""Write the OpenAPI spec to openapi/openapi.json (`make openapi`); a test checks it is current."""

import json
from pathlib import Path
from typing import Any

from service.app import create_app

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def current_spec() -> dict[str, Any]:
    return create_app().openapi()


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    SPEC_PATH.parent.mkdir(exist_ok=True)
    SPEC_PATH.write_text(render(current_spec()), encoding="utf-8")
    print(f"wrote {SPEC_PATH}")


if __name__ == "__main__":
    main()
