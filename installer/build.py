"""Build the ClauseLens bundle: ``python installer/build.py`` (``make installer`` runs it, then the
smoke test). Works on Linux, Windows and macOS, each building for itself.

1. PyInstaller turns installer/clauselens.spec into dist/clauselens/ (one folder: the program and
   everything it needs, Python included).
2. Linux: dist/ClauseLens-<version>-linux-<machine>.tar.gz with the folder, install.sh, the .desktop
   file and the icon. Windows: the Inno Setup script is compiled when ``iscc`` is on PATH. macOS:
   PyInstaller also writes dist/ClauseLens.app (see installer/README.md for signing).
3. Prints the bundle's size.

The version is the one in pyproject.toml, passed to every installer format from here.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "clauselens"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is not installed: pip install -e '.[installer]' (make installer does it)")
    subprocess.run([sys.executable, "-m", "PyInstaller", str(HERE / "clauselens.spec"), "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "installer")],
                   check=True, cwd=ROOT)


def strip_debug_info() -> None:
    """Drop the debug sections Cython extensions ship with (spaCy's would weigh 110 MB instead of 14).
    Only ``--strip-debug``, and never the libraries wheels vendor in ``*.libs/``: auditwheel has
    patched those, and stripping them breaks them (numpy would not import)."""
    strip = shutil.which("strip")
    if not strip:
        print("strip not found: the bundle keeps its debug sections")
        return
    for path in BUNDLE.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and not any(p.endswith(".libs") for p in path.parts):
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            subprocess.run([strip, "--strip-debug", str(path)], check=False, capture_output=True)


def linux_archive(ver: str) -> Path:
    """The folder plus what installs it for a user or system-wide, as one archive."""
    name = f"ClauseLens-{ver}-linux-{platform.machine()}"
    target = DIST / f"{name}.tar.gz"
    extras = {HERE / "linux" / "install.sh": "install.sh", HERE / "linux" / "clauselens.desktop": "clauselens.desktop",
              HERE / "icons" / "clauselens.png": "clauselens.png",
              ROOT / "resources" / "icons" / "clauselens.svg": "clauselens.svg", HERE / "README.md": "README.md"}
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=f"{name}/clauselens")
        for source, arcname in extras.items():
            tar.add(source, arcname=f"{name}/{arcname}")
    return target


def windows_installer(ver: str) -> Path | None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if not iscc:
        print("Inno Setup (iscc) is not on PATH: the folder is built; compile installer/windows/clauselens.iss "
              f"with: iscc /DAppVersion={ver} installer\\windows\\clauselens.iss")
        return None
    subprocess.run([iscc, f"/DAppVersion={ver}", str(HERE / "windows" / "clauselens.iss")], check=True)
    return DIST / f"ClauseLens-{ver}-setup.exe"


def main() -> None:
    ver = version()
    print(f"Building ClauseLens {ver} for {sys.platform} with {sys.executable}")
    pyinstaller()
    if sys.platform.startswith("linux"):
        strip_debug_info()
    print(f"bundle: {BUNDLE} ({size_mb(BUNDLE):.0f} MB)")
    if sys.platform.startswith("linux"):
        archive = linux_archive(ver)
        print(f"archive: {archive} ({archive.stat().st_size / 2**20:.0f} MB)")
    elif sys.platform == "win32":
        setup = windows_installer(ver)
        if setup:
            print(f"installer: {setup}")
    elif sys.platform == "darwin":
        print(f"application: {DIST / 'ClauseLens.app'}")


if __name__ == "__main__":
    main()
