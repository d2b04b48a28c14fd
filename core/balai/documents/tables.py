"""Tables of the documents service: a document belongs to a record, and keeps every version.

A version row is written only after its bytes are safely in storage, and is never changed
afterwards: a new upload makes a new version.
"""

from piccolo.columns import BigInt, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from balai.identity.tables import User


class Document(Table, tablename="core_document"):
    """A file attached to a record (``owner_type`` names the kind, e.g. ``"case"`` or ``"surat"``)."""

    id = Serial(primary_key=True)
    owner_type = Varchar(length=50, index=True)
    owner_id = BigInt(index=True)
    title = Varchar(length=300)
    created_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    # Id of the newest DocumentVersion (no FK: the two tables would reference each other).
    current_version = BigInt(null=True, default=None)
    version_count = Integer(default=0)
    # What the document is, "<plugin>.<name>" (e.g. "ppid.ktp"), when its owner says: a kind a plugin
    # declares as personal data (balai.personaldata) has its views logged and its retention applied.
    kind = Varchar(length=100, default="", index=True)


class DocumentVersion(Table, tablename="core_document_version"):
    id = Serial(primary_key=True)
    document = ForeignKey(Document, on_delete=OnDelete.restrict, index=True)
    number = Integer()
    storage_key = Varchar(length=200, unique=True)
    filename = Varchar(length=255)
    size = BigInt()
    sha256 = Varchar(length=64, index=True)
    content_type = Varchar(length=120)
    uploaded_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz(default=TimestamptzNow())
    note = Text(default="")
    # A sealed case's version (balai.sealed.documents): its data key, real name, note and SHA-256,
    # sealed; the bytes in storage are encrypted. Empty for every other version.
    sealed = Text(default="")
