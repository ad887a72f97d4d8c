"""Where the CDC tools find databases, the broker and Kafka Connect.

A database named `inventory` in the sync config resolves to `$STRANGLER_INVENTORY_DSN`, the
broker to `$STRANGLER_BOOTSTRAP_SERVERS`, Kafka Connect to `$STRANGLER_CONNECT_URL`. Without
those variables, the running local stack (`strangler stack up`) provides them. A DSN variable
is validated when first read (`strangler.dsn`: a malformed one is a usage error naming the
variable). DSNs hold passwords: print them, and any text that may quote them, only through
`redact`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from strangler.dsn import redact, resolve

if TYPE_CHECKING:  # imported when needed: an applier's restart time counts its imports
    from strangler.stack.runner import LocalStack

__all__ = ["Endpoints", "redact"]


@dataclass
class Endpoints:
    state_dir: str | None = None

    @cached_property
    def _stack(self) -> LocalStack:
        from strangler.stack.runner import LocalStack

        return LocalStack.from_env(self.state_dir)

    @property
    def uses_local_stack(self) -> bool:
        return not os.environ.get("STRANGLER_CONNECT_URL")

    def dsn(self, database: str) -> str:
        return resolve(database, self.state_dir)

    def origin(self, variable: str) -> str:
        """Where an address came from, for error messages: the variable or the local stack."""
        if os.environ.get(variable):
            return f"from {variable}"
        return f"from the local stack in {self._stack.state_dir}: see `strangler stack status`"

    def bootstrap_servers(self) -> str:
        variable = "STRANGLER_BOOTSTRAP_SERVERS"
        return os.environ.get(variable) or self._stack.require_started(variable).bootstrap_servers

    def connect_url(self) -> str:
        variable = "STRANGLER_CONNECT_URL"
        return os.environ.get(variable) or self._stack.require_started(variable).connect_url

    def register_connector(self, name: str, config: dict[str, str]) -> None:
        """Create or update a connector; on the local stack also remember it for restarts."""
        if self.uses_local_stack:
            self._stack.register_connector(name, config)
        else:
            from cdc.connect import ConnectClient

            ConnectClient(self.connect_url()).apply(name, config)
