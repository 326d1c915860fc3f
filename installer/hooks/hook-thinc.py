"""thinc without its test suite (the contrib hook collects every submodule)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

hiddenimports = collect_submodules("thinc", filter=lambda name: not name.startswith("thinc.tests"))
datas = collect_data_files("thinc", excludes=["tests/**"]) + copy_metadata("thinc")
