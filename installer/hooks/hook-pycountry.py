"""pycountry: its ISO databases, without the 22 MB of translations (ClauseLens uses English names)."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("pycountry") + collect_data_files("pycountry", excludes=["locales/**", "tests/**"])
