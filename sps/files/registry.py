"""The kinds of generated files and the functions that build them.

A domain app registers a builder for each kind it offers (sps/actions/exports.py registers
« actions.export », sps/actions/documents.py « actions.poster »); the one task of this app
(tasks.build_generated_file) looks the builder up by the file's kind. Builders are registered when
their module is imported: the app's AppConfig.ready() imports it, so a worker process has them.

A builder is `build(file: GeneratedFile, progress: Callable[[int], None]) -> Built`: it reads
`file.params` and `file.requested_by` (and checks again what that user may see: rights may have
changed since the request), reports its progress in percent and returns the file. It raises
`FileBuildError("message en français")` for a failure the user should read; any other exception
shows a generic message.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Built:
    filename: str
    content_type: str
    content: bytes


class FileBuildError(Exception):
    """A failure to show as is on the download page (French)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


BUILDERS: dict[str, Callable] = {}
# Kinds built from published content only (the printable programmes): asked for without an
# account (requested_by empty), one shared file per request that anybody may open and download.
PUBLIC_KINDS: set[str] = set()


def register(kind: str, *, public: bool = False):
    """Decorator: `build` builds files of `kind` (one builder per kind); `public` for a kind that
    shows published content only (see PUBLIC_KINDS)."""

    def decorator(build):
        if BUILDERS.get(kind, build) is not build:
            raise ValueError(f"A builder is already registered for {kind!r}")
        BUILDERS[kind] = build
        if public:
            PUBLIC_KINDS.add(kind)
        return build

    return decorator
