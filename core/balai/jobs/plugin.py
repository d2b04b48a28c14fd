"""Scheduled jobs as a core plugin: the lease table that lets one worker run each job."""

from balai.api import hookimpl


@hookimpl
def piccolo_apps():
    return ["balai.jobs.piccolo_app"]
