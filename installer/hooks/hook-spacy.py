"""spaCy for the bundle: the library and English only.

Replaces pyinstaller-hooks-contrib's hook, which collects every submodule (the test suite and
the tokenizer data of 70 languages). spaCy finds its factories and registered functions by
module name when a pipeline is loaded, so every non-language submodule is still collected.
"""

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata, get_package_paths

_LANG = Path(get_package_paths("spacy")[1]) / "lang"


def _wanted(name: str) -> bool:
    if name.startswith("spacy.tests"):
        return False
    if name.startswith("spacy.lang."):
        first = name.split(".")[2]
        return first == "en" or not (_LANG / first).is_dir()  # English, and the shared language modules
    return True


hiddenimports = collect_submodules("spacy", filter=_wanted)
datas = collect_data_files("spacy", excludes=["tests/**", "lang/**"]) + copy_metadata("spacy")
