"""Clients for the organisation tests.

The personas come from tests/conftest.py; `staff_client` is the HMS adviser
(pytest-django's `admin_client`, logged in as the shared `admin_user`), and
`employee_client` an ordinary employee who must never reach these pages.
"""

from __future__ import annotations

import pytest
from django.test import Client

from hjemmekontor.organisation.models import Person


@pytest.fixture
def staff_client(admin_client: Client) -> Client:
    return admin_client


@pytest.fixture
def employee_client(employee: Person) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client
