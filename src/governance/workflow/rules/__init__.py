"""Rule sets kept as data (TOML files packaged with the library), loaded and validated by the
modules that use them: ``wording.toml`` by ``governance.workflow.wording``."""
