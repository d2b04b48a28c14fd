"""Where the bytes live: one interface, a local folder or an S3/MinIO bucket.

``BALAI_STORAGE_URL`` chooses the backend:

* ``file:///abs/path`` — a local folder (the embedded default, ``var/documents``);
* ``s3://ACCESS:SECRET@host:port/bucket[/prefix]?secure=false&region=...`` — MinIO or any
  S3-compatible server, through the ``minio`` SDK. ``part_mb`` (default 8, at least 5) and
  ``parallel`` (default 2) set the multipart upload: memory per upload stays near
  ``part_mb × (parallel + 1)`` whatever the file size. Percent-encode special characters in the key.

Both take and give bytes as async iterators of chunks, so no file is ever held whole in memory.
A failed or aborted ``save`` leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import AsyncIterator, Protocol
from urllib.parse import parse_qs, unquote, urlparse

CHUNK = 256 * 1024


class Storage(Protocol):
    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        """Store every chunk under ``key``; on any error remove what was written and re-raise."""

    def open(self, key: str) -> AsyncIterator[bytes]:
        """The stored bytes, chunk by chunk."""

    async def delete(self, key: str) -> None:
        """Remove ``key``; no error when it is already gone."""

    async def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files under one folder; a file appears under its key only once fully written."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"kunci penyimpanan tidak sah: {key!r}")
        return path

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        path = self._path(key)
        partial = path.with_name(path.name + ".part")
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        fh = await asyncio.to_thread(open, partial, "xb")
        try:
            async for chunk in chunks:
                await asyncio.to_thread(fh.write, chunk)
            await asyncio.to_thread(_flush_and_close, fh)
            await asyncio.to_thread(os.replace, partial, path)
        except BaseException:
            fh.close()
            partial.unlink(missing_ok=True)
            raise

    async def open(self, key: str) -> AsyncIterator[bytes]:
        fh = await asyncio.to_thread(open, self._path(key), "rb")
        try:
            while chunk := await asyncio.to_thread(fh.read, CHUNK):
                yield chunk
        finally:
            fh.close()

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)


def _flush_and_close(fh) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()


class _ChunkReader:
    """A blocking ``read(n)`` for the minio SDK (running in a worker thread) over an async iterator.

    Each ``read`` returns up to ``n`` bytes in one piece: the SDK glues reads into a part with
    ``bytes +=``, which would copy the part over and over if we handed it small chunks.
    """

    def __init__(self, chunks: AsyncIterator[bytes], loop: asyncio.AbstractEventLoop):
        self.chunks = chunks.__aiter__()
        self.loop = loop
        self.pending = b""
        self.done = False

    def _next(self) -> bytes:
        future = asyncio.run_coroutine_threadsafe(_anext_or_empty(self.chunks), self.loop)
        return future.result()

    def read(self, n: int = -1) -> bytes:
        parts, need = [], n if n >= 0 else float("inf")
        if self.pending:
            parts.append(self.pending[:n] if n >= 0 else self.pending)
            self.pending = self.pending[len(parts[0]):]
            need -= len(parts[0])
        while need > 0 and not self.done:
            chunk = self._next()
            if not chunk:
                self.done = True
                break
            if len(chunk) > need:  # split the last chunk, not the joined part: one copy per part
                chunk, self.pending = chunk[:need], chunk[need:]
            parts.append(chunk)
            need -= len(chunk)
        return b"".join(parts)


async def _anext_or_empty(iterator: AsyncIterator[bytes]) -> bytes:
    try:
        chunk = await iterator.__anext__()
    except StopAsyncIteration:
        return b""
    return chunk or await _anext_or_empty(iterator)


class S3Storage:
    """Objects in a MinIO/S3 bucket, written as multipart uploads of ``part_size`` bytes."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, prefix: str = "",
                 secure: bool = True, region: str | None = None, part_size: int = 8 * 1024 * 1024,
                 parallel_parts: int = 2):
        from minio import Minio

        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region)
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.part_size = part_size
        self.parallel_parts = parallel_parts
        self._bucket_ready = False

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    async def ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        if not await asyncio.to_thread(self.client.bucket_exists, self.bucket):
            await asyncio.to_thread(self.client.make_bucket, self.bucket)
        self._bucket_ready = True

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        await self.ensure_bucket()
        reader = _ChunkReader(chunks, asyncio.get_running_loop())
        # The SDK aborts its multipart upload itself when read() raises; a single-part upload
        # never reaches the server. Either way nothing is left under the key.
        await asyncio.to_thread(
            self.client.put_object, self.bucket, self._name(key), reader, length=-1,
            part_size=self.part_size, num_parallel_uploads=self.parallel_parts,
            content_type="application/octet-stream",
        )

    async def open(self, key: str) -> AsyncIterator[bytes]:
        response = await asyncio.to_thread(self.client.get_object, self.bucket, self._name(key))
        try:
            stream = response.stream(CHUNK)
            while chunk := await asyncio.to_thread(next, stream, b""):
                yield chunk
        finally:
            response.close()
            response.release_conn()

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.remove_object, self.bucket, self._name(key))

    async def exists(self, key: str) -> bool:
        from minio.error import S3Error

        try:
            await asyncio.to_thread(self.client.stat_object, self.bucket, self._name(key))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise
        return True


def storage_for(url: str) -> Storage:
    """The backend named by a storage URL (see the module docstring)."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost") or not parsed.path.startswith("/"):
            raise ValueError(f"BALAI_STORAGE_URL harus memakai path absolut: {url!r}")
        return LocalStorage(Path(unquote(parsed.path)))
    if parsed.scheme == "s3":
        bucket, _, prefix = parsed.path.lstrip("/").partition("/")
        if not (parsed.hostname and bucket):
            raise ValueError("BALAI_STORAGE_URL s3:// membutuhkan host dan nama bucket: s3://KUNCI:RAHASIA@host:port/bucket")
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        endpoint = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        return S3Storage(
            endpoint,
            access_key=unquote(parsed.username or ""),
            secret_key=unquote(parsed.password or ""),
            bucket=bucket,
            prefix=prefix,
            secure=query.get("secure", "true").lower() not in ("0", "false", "no", "off"),
            region=query.get("region") or None,
            part_size=int(query.get("part_mb", 8)) * 1024 * 1024,
            parallel_parts=int(query.get("parallel", 2)),
        )
    raise ValueError(f"BALAI_STORAGE_URL tidak dikenal: {url!r} (pakai file:///… atau s3://…)")
