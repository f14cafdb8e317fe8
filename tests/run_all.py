"""`make test`: the suite on SQLite, then on a fresh PostgreSQL database dropped afterwards."""

import os
import subprocess
import sys
import uuid

import psycopg
from sqlalchemy.engine import make_url

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pytest(env: dict[str, str]) -> int:
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], env=env)


def admin_url() -> str:
    for name in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    return DEFAULT_ADMIN_URL


def main() -> int:
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    print("== Test suite on SQLite", flush=True)
    failed = pytest(base_env)
    url = make_url(admin_url())
    name = f"passerelle_test_{uuid.uuid4().hex[:8]}"
    conninfo = {"host": url.host, "port": url.port or 5432, "user": url.username, "dbname": url.database}
    try:
        admin = psycopg.connect(**conninfo, password=url.password, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"== PostgreSQL unreachable at {url.render_as_string(hide_password=True)}: {exc}")
        return failed or (1 if os.environ.get("CI") else 0)
    print(f"== Test suite on PostgreSQL (database {name})", flush=True)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            pg_url = url.set(database=name).render_as_string(hide_password=False)
            failed = pytest({**base_env, "TEST_DATABASE_URL": pg_url}) or failed
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    return failed


if __name__ == "__main__":
    sys.exit(main())
