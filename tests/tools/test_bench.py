"""The benchmark commands run at a small scale and print their figures (the full-scale figures are
in docs/performance.md; nothing here asserts a speed)."""

import socket

from typer.testing import CliRunner

from tools.cli import app


def bench(*args: str) -> str:
    result = CliRunner().invoke(app, ["bench", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_bench_match_prints_the_index_the_latency_and_the_batch():
    out = bench(
        "match",
        "--organisations",
        "60",
        "--sessions",
        "200",
        "--offers",
        "400",
        "--youths",
        "20",
        "--batch",
        "40",
        "--processes",
        "1",
    )
    assert "index build:" in out
    assert "a full pass of the garbage collector: " in out
    assert "single match, top-20 mixed, 20 youths: p50" in out
    assert "single match while a compaction copies the index in a thread (" in out
    assert "batch: 40 youths ranked" in out


def test_bench_lheo_prints_the_import_rates():
    out = bench("lheo", "--sessions", "30")
    assert "first import (creates)" in out
    assert "(30 created, 0 updated, 0 rejected)" in out
    assert "(0 created, 30 updated, 0 rejected)" in out


def test_bench_load_refuses_a_port_another_server_holds():
    """It would otherwise measure that server instead of the one it starts."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        result = CliRunner().invoke(app, ["bench", "load", "--workers", "1", "--port", str(other.getsockname()[1])])
    assert result.exit_code == 1
    assert "is taken by another server" in result.output


def test_bench_dashboard_prints_the_first_and_the_next_views():
    out = bench("dashboard", "--youths", "20")
    assert "first view (ranks every youth)" in out
    assert "second view (same catalogue)" in out


def test_bench_referentials_prints_build_times_and_latencies():
    out = bench("referentials", "--queries", "50")
    assert "ROME index: 1,584 codes" in out
    assert "commune by postal code, " in out


def test_bench_coverage_prints_the_map_and_the_proposals():
    out = bench(
        "coverage", "--organisations", "60", "--sessions", "300", "--offers", "900", "--family", "F", "--k", "2"
    )
    assert "F (" in out
    assert "Hauts-de-France, " in out
    assert "K=2 proposals over every commune" in out


def test_bench_transit_prints_import_precompute_size_and_latencies():
    out = bench(
        "transit", "--stops", "300", "--routes", "30", "--stop-times", "6000", "--youths", "10", "--offers", "900"
    )
    assert "import (read, check, store): 300 stops, 30 routes" in out
    assert "precompute: " in out
    assert "table " in out
    assert "p95 ratio" in out


def test_bench_alerts_prints_the_time_per_new_option():
    out = bench("alerts", "--followed", "2000", "--options", "5", "--offers", "900")
    assert "2,000 followed youths: reach bounds in" in out
    assert "one new option against 2,000 followed youths, 5 options: p50" in out


def test_bench_postgis_compares_the_engine_with_the_peers_query(database_url):
    import psycopg
    import pytest

    admin = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone():
                pytest.skip("PostGIS is not installed (make bench-postgis installs it)")
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL on 127.0.0.1")
    out = bench("postgis", "--youths", "20", "--offers", "2000", "--admin-url", admin)
    assert "small, 2,600 items" in out
    assert "peers ÷ engine: p50" in out
    assert "its ranking alone" in out
