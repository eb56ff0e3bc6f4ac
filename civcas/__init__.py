"""civcas: an open civilian-harm monitor. Reports in, sourced and graded incidents out."""
from importlib import metadata

try:
    __version__ = metadata.version("civcas")
except metadata.PackageNotFoundError:       # run from a source tree that was never installed
    __version__ = "0+source"
