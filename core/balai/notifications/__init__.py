"""Tables of in-app notifications and of scheduled-job leases.

The code that uses them lives with the workflow: :mod:`balai.notifications.service` and
:mod:`balai.jobs.scheduler`. They are a Piccolo app of their own so that their migrations do not
interleave with the engine's.
"""
