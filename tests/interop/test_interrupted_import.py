"""An import killed half-way leaves the database as it was: one transaction, or nothing."""

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func
from sqlmodel import Session, select

from seeds.lheo_file import sessions
from service import migrate
from service.db import make_engine
from service.interop import lheo
from service.models import Organisation, TrainingSession
from tests.helpers import TODAY


def test_a_killed_import_writes_nothing(scratch_url, tmp_path, runtime):
    migrate.upgrade(scratch_url)
    file = tmp_path / "offres.xml"
    file.write_bytes(lheo.write(sessions(runtime.gazetteer, runtime.matching.rome, 6000, TODAY)))
    env = {**os.environ, "DATABASE_URL": scratch_url}
    command = [sys.executable, "-c", "from tools.cli import app; app()", "import", "lheo", str(file)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        started = proc.stdout.read(8)  # the progress bar's label: the file is parsed, writing has begun
        assert started.startswith(b"Sessions"), started
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL, "the import finished before it could be interrupted"
    engine = make_engine(scratch_url)
    try:
        with Session(engine) as db:
            assert db.exec(select(func.count()).select_from(TrainingSession)).one() == 0
            assert db.exec(select(func.count()).select_from(Organisation)).one() == 0
    finally:
        engine.dispose()
