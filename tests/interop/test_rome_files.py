"""The official ROME files replace the packaged subset; appellations resolve free-text wishes."""

from typer.testing import CliRunner

from service import migrate
from service.cli import app
from service.runtime import build_runtime
from service.settings import Settings, get_settings

CODES = (
    "code_rome,code_ogr,libelle_rome\nA1501,11,Soins aux animaux\nF1703,12,Maçonnerie\n"
    "F1704,13,Préparation du gros œuvre\n"
)
NAMES = (
    "code_ogr;libelle_appellation_long;libelle_appellation_court;code_rome\n"
    "101;Soigneur / Soigneuse d'animaux;Soigneur d'animaux;A1501\n102;Maçon / Maçonne;Maçon;F1703\n"
)
LINKS = "code_rome,code_appellation_source,code_rome_cible,code_appellation_cible\nF1703,,F1704,\n"


def test_import_rome_folder_then_the_runtime_uses_it(tmp_path, scratch_url, monkeypatch):
    folder = tmp_path / "rome"
    folder.mkdir()
    (folder / "unix_referentiel_code_rome_v460_utf8.csv").write_text(CODES, "utf-8")
    (folder / "unix_referentiel_appellation_v460_utf8.csv").write_text(NAMES, "utf-8")
    (folder / "unix_rubrique_mobilite_v460_utf8.csv").write_text(LINKS, "utf-8")
    migrate.upgrade(scratch_url)
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["referentials", "import-rome", str(folder)])
        assert result.exit_code == 0, result.output
        assert "3 ROME codes imported, 2 appellations" in result.output
        runtime = build_runtime(Settings(database_url=scratch_url))
        runtime.engine.dispose()
        rome = runtime.matching.rome
        assert len(rome) == 3
        assert rome.label("A1501") == "Soins aux animaux"
        assert rome.codes_for_wish("soigneuse d'animaux") == {"A1501"}
        assert "F1704" in rome.get("F1703").linked
        assert "F1703" in rome.get("F1704").linked
        missing = CliRunner().invoke(app, ["referentials", "import-rome", str(tmp_path)])
        assert missing.exit_code == 1
        assert "referentiel_code_rome" in missing.output
    finally:
        get_settings.cache_clear()
