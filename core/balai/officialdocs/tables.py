"""Tables of official documents: the core's own number counters and every document issued."""

from piccolo.columns import JSON, BigInt, Date, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class NumberCounter(Table, tablename="core_number_counter"):
    """A gap-free counter of the core's numbering (used when no plugin numbers that kind)."""

    id = Serial(primary_key=True)
    key = Varchar(length=300, unique=True)
    value = Integer(default=0)


class IssuedDocument(Table, tablename="core_issued_document"):
    """One rendered official document, as stored in the documents service (one row per version).

    ``code`` is what the verification QR code carries: random, so nobody can walk the register.
    """

    id = Serial(primary_key=True)
    code = Varchar(length=40, unique=True)
    kind = Varchar(length=30)
    title = Varchar(length=300)
    number = Varchar(length=150, default="")
    issued_on = Date()
    signer = JSON(default={})  # the Signature as printed: name, title, prefix, pangkat, nip
    owner_type = Varchar(length=50, index=True)
    owner_id = BigInt(index=True)
    document_id = BigInt(index=True)  # core_document (no FK: the documents app stays independent)
    version_id = BigInt()
    version = Integer()
    sha256 = Varchar(length=64)
    template = Varchar(length=200)
    # What the document was made from (the caller's digest): asked again with the same, the
    # stored version is handed back instead of a new one.
    fingerprint = Varchar(length=64, default="")
    issued_by = BigInt(null=True, default=None)
    issued_at = Timestamptz(default=TimestamptzNow())
