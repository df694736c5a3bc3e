"""The instrument package is used by the analysis library, so it must work
without Django installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import importlib.abc
    import sys

    class NoDjango(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "django" or name.startswith("django."):
                raise ImportError("django is not installed here")
            return None

    sys.meta_path.insert(0, NoDjango())
    from hjemmekontor.instruments import available_instruments, load_instrument
    from hjemmekontor.instruments import fingerprints  # noqa: F401

    assert [i.key for i in available_instruments()] == [
        "employee@1", "manager@1", "representative@1"
    ]
    inst = load_instrument("employee", 1)
    answers, errors = inst.clean_answers({"can_work_home": "yes", "cbi_1": "5"})
    assert answers == {"can_work_home": "yes", "cbi_1": 5} and not errors
    assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
    print("ok")
    """
)


def test_instruments_load_and_clean_without_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
