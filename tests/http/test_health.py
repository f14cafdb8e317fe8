def test_health_reports_database_and_index(client):
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["organisations"] >= 42 + 300
    assert body["index_version"] == body["catalogue_version"] > 0
    assert body["index_items"] > 1000


def test_unknown_route_is_a_problem(client):
    r = client.get("/nowhere")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 404
