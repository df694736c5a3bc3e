"""Background jobs: heavy work runs in a worker process, never in a request.

A `Job` row is what people see (kind, progress, the reason a job failed) and the
lock (one active job per key, e.g. one results computation per round). The work
itself is queued as a django-tasks task on the database backend, enqueued in the
same transaction as the `Job` row, and run by `hjemmekontor worker` (started
beside the web server by `hjemmekontor start`). See docs/dev/background-work.md.
"""
