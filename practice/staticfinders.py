"""Serve Bootstrap's compiled CSS from its registry package, and nothing else of it.

The package ships sources, maps, RTL and JavaScript builds; collecting all of that
slows ``collectstatic`` for files no page uses. This finder exposes only the
minified stylesheet and the source map it names (hashed storage needs the map).
"""

from pathlib import Path

import django_include_bootstrap
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/bootstrap"
FILES = ("bootstrap.min.css", "bootstrap.min.css.map")


class BootstrapCSSFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        location = Path(django_include_bootstrap.__file__).parent / "static" / "css"
        self.storage = FileSystemStorage(location=location)
        # collectstatic puts the files under the storage's prefix.
        self.storage.prefix = PREFIX

    def find(self, path, find_all=False, **kwargs):
        directory, _, name = path.rpartition("/")
        if directory == PREFIX and name in FILES:
            match = self.storage.path(name)
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
