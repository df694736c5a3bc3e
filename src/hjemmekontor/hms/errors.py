"""The one error type of the HMS follow-up."""


class HmsError(ValueError):
    """A change that is refused; the message (bokmål) says why and what to do."""
