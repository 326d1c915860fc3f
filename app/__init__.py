"""ClauseLens: offline review of AI licences and terms of service."""

from __future__ import annotations

from pathlib import Path


def _version() -> str:
    """The version in ``pyproject.toml``: read from the file in a source checkout (so an edit shows
    without reinstalling), else from the installed metadata (a wheel or the PyInstaller bundle)."""
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        except (OSError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == "clauselens" and project.get("version"):
            return str(project["version"])
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clauselens")
    except PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
