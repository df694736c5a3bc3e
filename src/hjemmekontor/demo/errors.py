"""The one error of the demo loader."""


class DemoLoadError(RuntimeError):
    """The demo could not be loaded or reset; the message says why (in bokmål)."""
