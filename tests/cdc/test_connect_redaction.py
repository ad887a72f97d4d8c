"""Kafka Connect quotes a whole connector config, password included, when it refuses one
(`Connector config {..., database.password=...} contains no connector type`): the clients
that talk to it never pass that on. Against the real worker of the test stack.
"""

from __future__ import annotations

import pytest

from cdc.connect import ConnectClient
from cdc.errors import ConnectError
from strangler.errors import StackError
from strangler.stack.runner import LocalStack
from tests.support import unique

pytestmark = pytest.mark.stack

PASSWORDS = ["Conn3ctLeak", "has, comma=and}brace"]


def refused_config(password: str) -> dict[str, str]:
    # No connector.class: the worker answers 400 and echoes the config.
    return {"database.hostname": "127.0.0.1", "database.password": password,
            "database.user": "strangler"}


@pytest.mark.parametrize("password", PASSWORDS)
def test_connect_client_refusal_does_not_echo_the_password(stack: LocalStack,
                                                          password: str) -> None:
    with pytest.raises(ConnectError) as caught:
        ConnectClient(stack.connect_url).apply(unique("leak"), refused_config(password))
    message = str(caught.value)
    assert caught.value.status == 400 and "contains no connector type" in message
    assert "database.password=***" in message
    assert password not in message and "comma" not in message and "Conn3ct" not in message


def test_local_stack_refusal_does_not_echo_the_password(stack: LocalStack) -> None:
    name = unique("leak").replace("_", "-")
    try:
        with pytest.raises(StackError) as caught:
            stack.register_connector(name, refused_config(PASSWORDS[0]))
    finally:
        stack.forget_connector(name)  # else every worker restart would try it again
    message = str(caught.value)
    assert "HTTP 400" in message and PASSWORDS[0] not in message
