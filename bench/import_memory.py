"""Peak memory of one 1M-row CSV import, in a fresh process: ``python -m bench.import_memory``."""

from __future__ import annotations

import resource
import subprocess
import sys

from bench.workloads import prepare

SCRIPT = """
import shutil, sys, tempfile
from pathlib import Path
from bench import imports
from governance.store import db
from governance.ingest import importer
src, csv_path = Path(sys.argv[1]), Path(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    target = Path(tmp) / "db.duckdb"
    shutil.copy(src, target)
    with db.connect(target) as con:
        r = importer.run(
            con, imports.ACTOR, csv_path, file_name=csv_path.name, profile=imports.PROFILE,
            add_labels=True,
        )
        assert r.status == "loaded"
"""


def main() -> int:
    import bench.imports as imports

    prepared = prepare("import_1m")
    csv_path, _ = imports.files(prepared.path)
    subprocess.run([sys.executable, "-c", SCRIPT, str(prepared.path), str(csv_path)], check=True)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS of one 1M-row CSV import: {peak_kib / 1024:.0f} MB (target < 1536 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
