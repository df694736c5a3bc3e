"""A helper process that gives a round's computation the machine's second core.

A round's computation is mostly Python, which runs one thread at a time: a
second thread gained nothing (measured, ``docs/benchmarks.md``). A second
*process* does. While the worker runs the units' pass, the helper runs the
organisation-level analysis; later it decides half of the tables of the
suppression across units.

Only pure functions of the analysis library are handed over (data in, numbers
out; no Django, no database), so where one runs changes no number. When the
helper is switched off, not started, not ready yet or gone, the work runs in
this process instead (:meth:`Deferred.result`), and nothing is lost.

The helper is a new interpreter (``python -m hjemmekontor.results.helper``,
fork + exec), never a fork of the worker, whose polars and BLAS thread pools
would not survive one (``docs/dev/dangerous-constructs.md``); nor is it
``multiprocessing``'s spawn, which runs the parent's main script again in the
child. Calls and results go through its stdin and stdout as pickles, one
length-prefixed message each: both ends are this program, nothing else can
write to the pipes. When the worker stops or dies (even ``kill -9``), the
helper's stdin ends and it exits.

The worker starts it at boot (:func:`start`), in the background: a round never
waits for it. ``HJEMMEKONTOR_COMPUTE_HELPER``: ``auto`` (default: on where this
process may use two or more cores), ``on`` or ``off``.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import IO, Any, Generic, TypeVar

__all__ = [
    "Deferred",
    "HelperGone",
    "answered",
    "enabled",
    "here",
    "offload",
    "start",
    "stop",
    "wait_ready",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

_HEADER = struct.Struct("!Q")
# Seconds the helper has to exit after its stdin is closed, before it is killed.
STOP_SECONDS = 5.0


class HelperGone(RuntimeError):
    """The helper process ended before it answered."""


def _read(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    body = stream.read(size)
    return body if len(body) == size else None


def _write(stream: IO[bytes], body: bytes) -> None:
    stream.write(_HEADER.pack(len(body)))
    stream.write(body)
    stream.flush()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def enabled() -> bool:
    """Whether this installation uses a helper (the setting, and the cores it has)."""
    from django.conf import settings

    choice = str(getattr(settings, "COMPUTE_HELPER", "auto"))
    if choice == "auto":
        return _cores() >= 2
    return choice == "on"


class _Helper:
    """The running helper: a sender and a receiver thread around its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hjemmekontor.results.helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        self.ready: Future[int] = Future()
        self.lock = threading.Lock()
        # Answers come in the order the calls were sent.
        self.waiting: collections.deque[Future[Any]] = collections.deque()
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.gone = False
        threading.Thread(target=self._send, name="helper-send", daemon=True).start()
        threading.Thread(target=self._receive, name="helper-receive", daemon=True).start()

    def submit(
        self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Future[T]:
        body = pickle.dumps((function, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        future: Future[T] = Future()
        with self.lock:
            if self.gone:
                raise HelperGone("hjelpeprosessen er stoppet")
            self.waiting.append(future)
            self.outbox.put(body)
        return future

    def _send(self) -> None:
        assert self.process.stdin is not None
        while (body := self.outbox.get()) is not None:
            try:
                _write(self.process.stdin, body)
            except (OSError, ValueError):
                break
        with contextlib.suppress(OSError):
            self.process.stdin.close()

    def _receive(self) -> None:
        assert self.process.stdout is not None
        hello = _read(self.process.stdout)
        if hello is not None:
            self.ready.set_result(pickle.loads(hello))  # noqa: S301 (our own child)
            while (body := _read(self.process.stdout)) is not None:
                try:
                    ok, value = pickle.loads(body)  # noqa: S301 (our own child)
                except Exception as error:  # an answer this side cannot read
                    ok, value = False, HelperGone(f"svaret kunne ikke leses: {error!r}")
                with self.lock:
                    future = self.waiting.popleft()
                global _answered
                _answered += 1
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        self._fail(HelperGone(f"hjelpeprosessen avsluttet (kode {self.process.poll()})"))

    def _fail(self, error: BaseException) -> None:
        with self.lock:
            self.gone = True
            waiting, self.waiting = list(self.waiting), collections.deque()
        if not self.ready.done():
            self.ready.set_exception(error)
        for future in waiting:
            if not future.done():
                future.set_exception(error)

    def stop(self) -> None:
        self.outbox.put(None)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_lock = threading.Lock()
_helper: _Helper | None = None
# Calls the helpers of this process have answered (tests check that work went there).
_answered = 0


def answered() -> int:
    """How many calls helpers have answered for this process so far."""
    return _answered


def start() -> None:
    """Start the helper in the background, if enabled and not running (never waits)."""
    global _helper
    if not enabled():
        return
    with _lock:
        if _helper is not None and not _helper.gone:
            return
        if _helper is not None:
            _helper.stop()  # gone already: only collects its exit status
        try:
            _helper = _Helper()
        except OSError as error:
            logger.warning("Hjelpeprosessen kunne ikke startes: %s", error)
            _helper = None


def stop() -> None:
    """Stop the helper (the next :func:`start` starts a new one)."""
    global _helper
    with _lock:
        running, _helper = _helper, None
    if running is not None:
        running.stop()


atexit.register(stop)


def wait_ready(timeout: float = 60.0) -> int | None:
    """Wait until the helper has started (benchmarks and tests); its pid, or None."""
    running = _helper
    if running is None:
        return None
    try:
        return running.ready.result(timeout=timeout)
    except Exception:  # it did not start: the work runs here
        return None


class Deferred(Generic[T]):
    """A call that runs in the helper, or here when :meth:`result` is asked for."""

    def __init__(
        self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        self.function, self.args, self.kwargs = function, args, kwargs
        self.future: Future[T] | None = None
        self._value: tuple[T] | None = None

    def result(self) -> T:
        """The call's result (computed here if the helper did not take it or is gone)."""
        if self._value is None:
            if self.future is not None:
                try:
                    self._value = (self.future.result(),)
                except HelperGone as error:
                    logger.warning("%s; arbeidet gjøres i denne prosessen.", error)
            if self._value is None:
                self._value = (self.function(*self.args, **self.kwargs),)
            # What was handed over is no longer needed; let it go.
            self.args, self.kwargs = (), {}
        return self._value[0]


def here(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> Deferred[T]:
    """``function(*args, **kwargs)``, run in this process when its result is asked for."""
    return Deferred(function, args, kwargs)


def offload(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> Deferred[T]:
    """Hand ``function(*args, **kwargs)`` to the helper if it is ready.

    ``function`` must be a module-level function of the analysis library whose
    result depends on its arguments only. Its exceptions come out of
    :meth:`Deferred.result` as they would here.
    """
    deferred = Deferred(function, args, kwargs)
    running = _helper
    if running is None or not running.ready.done() or running.ready.exception() is not None:
        return deferred
    with contextlib.suppress(HelperGone):
        deferred.future = running.submit(function, args, kwargs)
    return deferred


def _serve() -> None:
    """The helper's side: answer calls from stdin until it ends."""
    # A Ctrl+C in the terminal reaches the whole process group; the worker
    # decides what stops, and closes our stdin when it does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    # Nothing printed by accident may end up in the answers.
    sys.stdout = sys.stderr
    import hjemmekontor.analysis.api  # noqa: F401  (what the calls need, before the first)

    _write(answers, pickle.dumps(os.getpid()))
    while (body := _read(calls)) is not None:
        function, args, kwargs = pickle.loads(body)  # noqa: S301 (our own parent)
        try:
            answer = pickle.dumps((True, function(*args, **kwargs)), pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # handed back, to be raised there
            try:
                answer = pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
            except Exception:  # an error that cannot be pickled
                answer = pickle.dumps((False, RuntimeError(repr(error))))
        del args, kwargs
        _write(answers, answer)


if __name__ == "__main__":
    _serve()
