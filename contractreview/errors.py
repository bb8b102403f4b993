"""Typed errors the user can be shown as they are: each message is written for a lawyer."""

from __future__ import annotations


class ContractReviewError(Exception):
    """Base of every expected problem; ``str(err)`` is a message fit for the user."""


class DocumentError(ContractReviewError):
    """The file cannot be read as a Word contract."""


class EmptyFileError(DocumentError):
    pass


class NotADocxError(DocumentError):
    pass


class LegacyDocError(DocumentError):
    pass


class EncryptedDocumentError(DocumentError):
    pass


class MacroDocumentError(DocumentError):
    pass


class CorruptDocumentError(DocumentError):
    pass


class DocumentTooLargeError(DocumentError):
    pass


class UnsafeDocumentError(DocumentError):
    """XML with a DOCTYPE/entities (XXE) or other content we refuse to parse."""


class ModelError(ContractReviewError):
    """The shipped model is missing, tampered with, or cannot run."""


class PlaybookError(ContractReviewError):
    """A playbook file is malformed; the message names the line and the problem."""


class ChecklistError(ContractReviewError):
    """A checklist file is malformed; the message names the line and the problem."""


class CancelledError(ContractReviewError):
    """Long work was cancelled by the user."""


class ReviewStoreError(ContractReviewError):
    """The review store cannot be opened or written (newer schema, damaged file, full disk)."""


class ExportError(ContractReviewError):
    """An export cannot be written; the message says which file and why."""


class StoreReadOnlyError(ReviewStoreError):
    """The review store or its folder cannot be written: annotations can be read, not changed."""


class StoreMissingError(ReviewStoreError):
    """A review store named explicitly (``--review PATH``) does not exist."""


class StoreCorruptError(ReviewStoreError):
    """The review store file is damaged. It is left where it is, untouched, for recovery;
    :func:`contractreview.review.store.start_fresh_store` moves it aside and starts anew."""

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = path
