"""Where the CDC tools find databases, the broker and Kafka Connect.

A database named `inventory` in the sync config resolves to `$STRANGLER_INVENTORY_DSN`, the
broker to `$STRANGLER_BOOTSTRAP_SERVERS`, Kafka Connect to `$STRANGLER_CONNECT_URL`. Without
those variables, the running local stack (`strangler stack up`) provides them. DSNs hold
passwords: print them only through `redact`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when needed: an applier's restart time counts its imports
    from strangler.stack.runner import LocalStack

__all__ = ["Endpoints", "redact"]


def redact(dsn: str) -> str:
    """The DSN with its password replaced by ***."""
    dsn = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)
    return re.sub(r"(password=)\S+", r"\1***", dsn)


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
        env = f"STRANGLER_{database.upper()}_DSN"
        if os.environ.get(env):
            return os.environ[env]
        if database == "monolith":
            return str(self._stack.monolith_dsn)
        return str(self._stack.service_dsn(database))

    def bootstrap_servers(self) -> str:
        return os.environ.get("STRANGLER_BOOTSTRAP_SERVERS") or str(self._stack.bootstrap_servers)

    def connect_url(self) -> str:
        return os.environ.get("STRANGLER_CONNECT_URL") or str(self._stack.connect_url)

    def register_connector(self, name: str, config: dict[str, str]) -> None:
        """Create or update a connector; on the local stack also remember it for restarts."""
        if self.uses_local_stack:
            self._stack.register_connector(name, config)
        else:
            from cdc.connect import ConnectClient

            ConnectClient(self.connect_url()).apply(name, config)
