"""Scheduled jobs as a core plugin: the lease table that lets one worker run each job, and the
scheduler started with the app (unless the configuration switches it off)."""

import asyncio

from balai.api import hookimpl
from balai.jobs import scheduler as jobs


@hookimpl
def startup(app):
    if not app.state.config.scheduler:
        return
    scheduler = jobs.Scheduler(jobs.collect_jobs(app.state.host))
    app.state.scheduler = scheduler
    running = asyncio.get_running_loop().create_task(scheduler.run_forever())

    async def stop(_app) -> None:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)

    app.state.on_stop.append(stop)


@hookimpl
def piccolo_apps():
    return ["balai.jobs.piccolo_app"]
