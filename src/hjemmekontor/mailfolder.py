"""A mail backend that writes each message to a folder as one `.eml` file.

The default until SMTP is configured (nothing leaves the machine from a demo).
Unlike Django's file backend (one `.log` per connection, messages appended), each
message gets its own file (readable by the owner only) named after its
Message-ID, written atomically: a
message sent again with the same Message-ID — the one a killed worker may have
sent just before it died — replaces its own file instead of appearing twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, make_msgid

from hjemmekontor.datafolder import ensure_private_folder


class MailFolderBackend(BaseEmailBackend):
    def __init__(self, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        # The messages hold live answer links: owner-only folder (and parents it
        # creates, such as the data folder), and mkstemp's files are 0600, which
        # os.replace keeps.
        ensure_private_folder(self.folder)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if "Message-ID" not in message.extra_headers:
                message.extra_headers["Message-ID"] = make_msgid(domain="hjemmekontor.local")
            data = message.message().as_bytes()
            name = hashlib.sha256(message.extra_headers["Message-ID"].encode()).hexdigest()[:32]
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, self.folder / f"{name}.eml")
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
