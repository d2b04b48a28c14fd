"""Scheduled jobs, each run once across every worker.

Every job has a lease row (``core_job_lease``). A worker may run a job only after its
conditional UPDATE — "the run is due and nobody holds the lock" — changed that row; the
database lets exactly one such UPDATE through, whether the workers share a machine or not.
A worker that dies mid-run loses the lock when ``locked_until`` passes.

The jobs are those of the ``scheduled_jobs()`` hook; the core contributes its own through the
same hook (reminders before a deadline, escalation to the unit head when a task is late).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

from balai.jobs.tables import JobLease
from balai.registry import Job

log = logging.getLogger("balai.jobs")
TICK_SECONDS = 15
MIN_LOCK_SECONDS = 600


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def collect_jobs(host) -> list[Job]:
    """Every job of the enabled plugins and the core, named ``<owner>:<job name>``."""
    jobs, seen = [], set()
    for owner, declared in host.per_plugin("scheduled_jobs"):
        for job in declared or []:
            name = f"{owner}:{job.name}"
            if name in seen:
                raise ValueError(f"Tugas terjadwal '{name}' dideklarasikan dua kali")
            seen.add(name)
            jobs.append(Job(name=name, run=job.run, every=job.every, extra=job.extra))
    return jobs


class Scheduler:
    def __init__(self, jobs: list[Job], worker: str | None = None, tick: float = TICK_SECONDS):
        self.jobs = list(jobs)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.tick = tick

    async def ensure_leases(self) -> None:
        now = utcnow()
        for job in self.jobs:
            await JobLease.insert(JobLease(name=job.name, run_at=now)).on_conflict(
                target=JobLease.name, action="DO NOTHING"
            )

    async def claim(self, job: Job) -> bool:
        now = utcnow()
        hold = now + timedelta(seconds=max(2 * job.every, MIN_LOCK_SECONDS))
        free = JobLease.locked_until.is_null() | (JobLease.locked_until < now)
        won = await JobLease.update({JobLease.locked_until: hold, JobLease.worker: self.worker}).where(
            (JobLease.name == job.name) & (JobLease.run_at <= now) & free
        ).returning(JobLease.id)
        return bool(won)

    async def release(self, job: Job, started: datetime, error: str = "") -> None:
        await JobLease.update(
            {
                JobLease.run_at: started + timedelta(seconds=job.every),
                JobLease.locked_until: None,
                JobLease.last_error: error[:2000],
            }
        ).where((JobLease.name == job.name) & (JobLease.worker == self.worker))

    async def run_due(self) -> list[str]:
        """Run every due job this worker manages to claim; returns their names."""
        ran = []
        for job in self.jobs:
            if not await self.claim(job):
                continue
            started = utcnow()
            error = ""
            try:
                await job.run()
            except Exception as exc:  # one failing job must not stop the others
                log.exception("Tugas terjadwal %s gagal", job.name)
                error = f"{type(exc).__name__}: {exc}"
            await self.release(job, started, error)
            ran.append(job.name)
        return ran

    async def run_forever(self) -> None:
        await self.ensure_leases()
        while True:
            # First run one tick after start-up: by then every service has started (the jobs'
            # deadlines need the agency's calendar, loaded by the calendar's own start-up).
            await asyncio.sleep(self.tick)
            try:
                await self.run_due()
            except Exception:  # e.g. the database restarting: try again on the next tick
                log.warning("Penjadwal gagal memeriksa tugas", exc_info=True)
