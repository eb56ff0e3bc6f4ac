"""What a batch run keeps under its output folder so that, cut short (a lost machine, a killed job,
the end of a working day), the same command started again goes on from the last stage it finished:
on one machine a 200,000-report archive is hours of work, and its linking alone more than an hour.

Each stage's results are saved as Spark pickle files (`saveAsPickleFile`) in
`<output>/_stages/<run>/<stage>`, finished when Hadoop's `_SUCCESS` marker is there, and read back
from there by the later stages (which is also how they are kept on disk between the stages that
read them). `<run>` names the inputs (path, size, modification time), the options and civcas's
code and data (its package's files: a stage kept by other code would be carried on by this one):
anything else starts afresh, discarding the stages and tables of the run before. A table is
written unless the folder holds it finished (`_SUCCESS`).
Files are reached through Hadoop's FileSystem, so an `hdfs://` or `s3a://` output works the same.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable

STAGES = "_stages"
DONE = "_SUCCESS"
PACKAGE = Path(__file__).resolve().parent.parent             # civcas/
CODE_SUFFIXES = {".py", ".toml", ".tsv", ".json", ".txt"}


class Stages:
    """The stages and tables of one run under `output` (see the module's docstring); `fresh`
    discards what an earlier run with the same inputs and options kept."""

    def __init__(self, spark, output: str, files: Iterable[str], options: dict, tables: Iterable[str],
                 fresh: bool = False):
        self.spark, self.sc = spark, spark.sparkContext
        self.output = output.rstrip("/")
        self.tables = list(tables)
        self.run = f"{self.output}/{STAGES}/{_run_name(self._files(files), options)}"
        self.resumed: list[str] = []
        if fresh or not self._exists(self.run):
            for folder in [f"{self.output}/{STAGES}"] + [self.table(name) for name in self.tables]:
                self._delete(folder)
            self._fs(self.run).mkdirs(self._path(self.run))

    def table(self, name: str) -> str:
        return f"{self.output}/{name}"

    def kept(self, name: str, build: Callable[[], object]):
        """The stage's results (an RDD), read back from its pickle files; built and saved first
        unless an earlier attempt finished it."""
        folder = f"{self.run}/{name}"
        if self._exists(f"{folder}/{DONE}"):
            self.resumed.append(name)
        else:
            self._delete(folder)                      # what an attempt cut short left of it
            build().saveAsPickleFile(folder)
        return self.sc.pickleFile(folder)

    def write(self, name: str, rows, schema) -> None:
        """The table `name` from `rows` (an RDD), unless an earlier attempt wrote it whole."""
        if not self._exists(f"{self.table(name)}/{DONE}"):
            self.spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(self.table(name))

    def _files(self, files: Iterable[str]) -> list[tuple[str, int, int]]:
        """(path, bytes, modification time) of each input file (for a URL, what its glob or
        folder holds; a local name is no glob, whatever brackets it holds)."""
        found = []
        for given in files:
            fs, path = self._fs(given), self._path(given)
            for status in (fs.globStatus(path) or []) if "://" in given else [fs.getFileStatus(path)]:
                for held in fs.listStatus(status.getPath()) if status.isDirectory() else [status]:
                    found.append((held.getPath().toString(), held.getLen(), held.getModificationTime()))
        return sorted(found)

    def _path(self, where: str):
        return self.sc._jvm.org.apache.hadoop.fs.Path(where)

    def _fs(self, where: str):
        return self._path(where).getFileSystem(self.sc._jsc.hadoopConfiguration())

    def _exists(self, where: str) -> bool:
        return self._fs(where).exists(self._path(where))

    def _delete(self, where: str) -> None:
        if self._exists(where):
            self._fs(where).delete(self._path(where), True)


def _run_name(files: list[tuple[str, int, int]], options: dict) -> str:
    """A name for a run's inputs, options and civcas's code."""
    said = json.dumps({"files": files, "options": options, "civcas": code()}, sort_keys=True, default=str)
    return hashlib.sha1(said.encode("utf-8")).hexdigest()[:16]


def code() -> str:
    """A digest of civcas's code and data: its package's source and data files (a version number
    stays the same through a checkout's changes)."""
    digest = hashlib.sha1()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()):
        digest.update(str(path.relative_to(PACKAGE)).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()
