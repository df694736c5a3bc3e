"""Errors raised by the instrument loader and by answer cleaning."""

from __future__ import annotations


class InstrumentError(ValueError):
    """An instrument file is missing, unreadable or inconsistent.

    The message names the file, the item id (or JSON path) and the reason, e.g.
    ``employee-1.yaml: item 'ho_freq': scale 'ho_frequencyy' is not defined``.
    """


class AnswerError(ValueError):
    """One answer cannot be accepted for its item.

    Parameters
    ----------
    item_id : str
        The item the answer was given to.
    message_nb, message_en : str
        What is wrong, in bokmål and English, written for the respondent.
    message_nn : str
        The same in nynorsk; bokmål is shown where it is empty.
    """

    def __init__(
        self, item_id: str, message_nb: str, message_en: str, *, message_nn: str = ""
    ) -> None:
        super().__init__(f"{item_id}: {message_en}")
        self.item_id = item_id
        self.message_nb = message_nb
        self.message_en = message_en
        self.message_nn = message_nn or message_nb

    def message(self, lang: str = "nb") -> str:
        """Return the message in ``lang`` ("nb", "nn" or "en"; bokmål otherwise)."""
        return {"en": self.message_en, "nn": self.message_nn}.get(lang, self.message_nb)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnswerError):
            return NotImplemented
        return (self.item_id, self.message_nb, self.message_en) == (
            other.item_id,
            other.message_nb,
            other.message_en,
        )

    def __hash__(self) -> int:
        return hash((self.item_id, self.message_nb, self.message_en))
