"""routes.yaml: one immutable, validated configuration model.

Owns parsing and validation of the gateway configuration. Guarantees:

* the model is immutable all the way down: frozen models, tuples for lists and read-only
  mappings (`MappingProxyType`) for `upstreams` and `contexts`; unknown keys and duplicate
  keys are rejected; types are strict (a string is never silently coerced into a number, nor a
  number into a boolean);
* every error names the exact path inside the file (`contexts.inventory.canary.percent: must be
  <= 100`) and, where the YAML parser knows it, the line;
* cross-references (upstream names, route conflicts) and route templates are validated here, so
  a config that loads can always be compiled into a routing table (`routing.RoutingTable`) and
  never fails a request;
* `LoadedConfig.version` is `<revision>-<content hash>`, the same in every replica; `revision`
  only grows (reload.py refuses a file with a lower revision than the running one).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
)

from cdc.config import SyncConfig, root_errors
from gateway.errors import ConfigError, InvalidTarget
from gateway.paths import canonical_path
from gateway.stages import Stage
from strangler import marked_yaml
from strangler.marked_yaml import Locations, format_path, line_of

__all__ = [
    "AdminConfig", "CanaryConfig", "ContextConfig", "GateThresholds", "GatewayConfig",
    "LimitsConfig", "LoadedConfig", "PortHook", "ReadYourWritesConfig", "RouteSpec",
    "ShadowConfig", "ShadowPoolConfig", "StageStoreConfig", "UpstreamConfig", "WriteHoldConfig",
    "WriteSwitchConfig", "load_config", "load_config_text", "parse_route",
]

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
_NAME = r"^[a-z][a-z0-9_-]{0,62}$"
_PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


# --- routes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RouteSpec:
    """`METHOD /literal/{param}/...` compiled: `segments` holds None where a parameter sits."""

    method: str  # one of METHODS, or "*"
    template: str
    segments: tuple[str | None, ...]

    @property
    def text(self) -> str:
        return f"{self.method} {self.template}"


def parse_route(text: str) -> RouteSpec:
    """Parse `"GET /api/inventory/{item_id}"`; raises ValueError with a user-facing message."""
    parts = text.split()
    if len(parts) != 2:
        raise ValueError("must be 'METHOD /path', e.g. 'GET /api/items/{item_id}'")
    method, template = parts
    if method != "*" and method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)} or '*'")
    if not template.startswith("/"):
        raise ValueError("path must start with '/'")
    raw_segments = template.split("/")[1:]
    segments: list[str | None] = []
    names: set[str] = set()
    for seg in raw_segments:
        m = _PARAM.match(seg)
        if m:
            if m.group(1) in names:
                raise ValueError(f"parameter {{{m.group(1)}}} appears twice")
            names.add(m.group(1))
            segments.append(None)
        elif "{" in seg or "}" in seg:
            raise ValueError("a parameter must be a whole segment, like {item_id}")
        else:
            segments.append(seg)
    literal = "/" + "/".join(s if s is not None else "x" for s in segments)
    try:
        canon = canonical_path(literal)
    except InvalidTarget as exc:
        raise ValueError(f"path is not canonical: {exc.message}") from None
    if canon != literal:
        raise ValueError(f"path is not canonical; write it as {canon!r}")
    return RouteSpec(method, template, tuple(segments))


def _check_route(text: str) -> str:
    parse_route(text)
    return text


def _check_prefix(text: str) -> str:
    try:
        canon = canonical_path(text)
    except InvalidTarget as exc:
        raise ValueError(exc.message) from None
    if canon != text or text == "/" or text.endswith("/"):
        raise ValueError("must be a canonical path prefix without trailing slash, e.g. /api/x")
    return text


def _check_header(text: str) -> str:
    if not _HEADER_NAME.match(text):
        raise ValueError("must be a valid HTTP header name")
    return text


def _check_health_path(text: str) -> str:
    try:
        canon = canonical_path(text)
    except InvalidTarget as exc:
        raise ValueError(exc.message) from None
    if canon != text:
        raise ValueError(f"must be a canonical path, e.g. {canon!r}")
    return text


def _check_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValueError("must be an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("credentials in upstream URLs are not supported")
    if not parts.hostname:
        raise ValueError("must name a host")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError("has an invalid port") from None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("must be scheme://host[:port] without a path, query or fragment")
    return f"{parts.scheme}://{parts.netloc}"


def _check_endpoint_url(text: str) -> str:
    """An http(s) URL that may carry a path (an admin endpoint, an API base)."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL naming a host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials (token_file / token_env hold the token)")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError("has an invalid port") from None
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or fragment")
    return text.rstrip("/")


RouteStr = Annotated[str, AfterValidator(_check_route)]
EndpointUrl = Annotated[str, AfterValidator(_check_endpoint_url)]
PrefixStr = Annotated[str, AfterValidator(_check_prefix)]
HeaderName = Annotated[str, AfterValidator(_check_header)]
Name = Annotated[str, Field(pattern=_NAME)]
Seconds = Annotated[float, Field(gt=0, le=3600)]


# --- model -----------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UpstreamConfig(_Model):
    url: Annotated[str, AfterValidator(_check_url)]
    connect_timeout: Seconds = 1.0
    read_timeout: Seconds = 15.0  # between reads, including the wait for the response head
    total_timeout: Seconds = 60.0  # connect + send + response head (the body: read_timeout)
    max_connections: Annotated[int, Field(ge=1, le=10_000)] = 256  # requests in flight
    # the route the phase controller's health gates request (GET, expects 2xx)
    health_path: Annotated[str, AfterValidator(_check_health_path)] = "/healthz"


class LimitsConfig(_Model):
    """Applied at start-up."""

    max_body_bytes: Annotated[int, Field(ge=0, le=1 << 31)] = 10 * 1024 * 1024
    max_header_line_bytes: Annotated[int, Field(ge=256, le=65536)] = 8190
    max_header_count: Annotated[int, Field(ge=8, le=1000)] = 100
    header_timeout: Seconds = 10.0  # a request head must arrive within this (slow clients)
    body_timeout: Seconds = 10.0  # a request body may pause at most this long (else 408)
    keepalive_timeout: Seconds = 15.0  # idle client connections are closed after this


_COOKIE_NAME = r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$"


class GlobalCanaryConfig(_Model):
    """Where the sticky key comes from (first found wins: header, cookie, query parameter),
    and the tester override."""

    sticky_header: HeaderName | None = "X-Customer-Id"
    sticky_cookie: Annotated[str, Field(pattern=_COOKIE_NAME)] | None = "strangler_sticky"
    sticky_query: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")] | None = None
    assign_cookie: bool = True  # anonymous clients get a random sticky cookie
    cookie_max_age_days: Annotated[int, Field(ge=1, le=3650)] = 90
    override_header: HeaderName = "X-Strangler-Override"  # value: "service" or "legacy"
    override_token_header: HeaderName = "X-Strangler-Override-Token"
    override_token_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class ShadowPoolConfig(_Model):
    """The shadow side's own resources: isolated from the primary path (start-up only)."""

    queue_size: Annotated[int, Field(ge=1, le=100_000)] = 1000
    concurrency: Annotated[int, Field(ge=1, le=1000)] = 16
    timeout: Seconds = 2.0
    max_connections: Annotated[int, Field(ge=1, le=10_000)] = 32
    max_capture_bytes: Annotated[int, Field(ge=0, le=64 * 1024 * 1024)] = 1024 * 1024
    mismatch_log: str | None = ".strangler/shadow-mismatches.jsonl"  # relative to routes file
    mismatch_log_percent: Annotated[float, Field(ge=0, le=100)] = 10.0
    mismatch_log_max_bytes: Annotated[int, Field(ge=0)] = 64 * 1024 * 1024
    redact_headers: tuple[HeaderName, ...] = ("authorization", "cookie", "set-cookie",
                                              "proxy-authorization", "x-api-key")
    redact_fields: tuple[str, ...] = ("password", "token", "secret", "card_number", "email")


class AdminConfig(_Model):
    audit_log: str = ".strangler/gateway-audit.jsonl"  # relative to the routes file
    # how stage changes are judged (read at start-up): `gates` evaluates the phase
    # controller's gates (docs/phase.md); `allow-all` allows every ladder-valid change
    policy: Literal["gates", "allow-all"] = "gates"
    evidence_dir: str = ".strangler/evidence"  # relative to the routes file


def _matching(pattern: str, what: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(text: str) -> str:
        if not compiled.match(text):
            raise ValueError(f"must be {what}")
        return text
    return AfterValidator(check)


EnvName = Annotated[str, _matching(r"^[A-Z_][A-Z0-9_]{0,127}$",
                                   "an environment variable name ([A-Z_][A-Z0-9_]*)")]
SqlName = Annotated[str, _matching(r"^[a-z_][a-z0-9_]{0,55}$",
                                   "a lower-case SQL name ([a-z_][a-z0-9_]*)")]


class StageStoreConfig(_Model):
    """Where the live stage of each context lives (stage_store.py); read at start-up only.

    `file`: in this routes file (`contexts.<name>.stage`, rewritten by the admin API);
    `postgres`: in the control table `<schema>.stages`, shared by every replica, the DSN in the
    environment variable `dsn_env` (never in this file); `stage:` here then only seeds
    contexts the table has not seen."""

    model_config = ConfigDict(frozen=True, extra="forbid", serialize_by_alias=True)

    kind: Literal["file", "postgres"] = "file"
    dsn_env: EnvName | None = None  # postgres; default STRANGLER_CONTROL_DSN
    db_schema: Annotated[SqlName | None, Field(alias="schema")] = None  # default strangler_control
    resync_interval: Annotated[float, Field(ge=0.1, le=60)] = 1.0  # postgres: re-read period

    @property
    def dsn_variable(self) -> str:
        return self.dsn_env or "STRANGLER_CONTROL_DSN"

    @property
    def schema_name(self) -> str:
        return self.db_schema or "strangler_control"


class CanaryConfig(_Model):
    percent: Annotated[float, Field(ge=0, le=100)] = 0.0
    salt: str | None = None  # default: the context name


class ShadowConfig(_Model):
    sample_percent: Annotated[float, Field(ge=0, le=100)] = 10.0
    write_routes: tuple[RouteStr, ...] = ()  # explicit per-route opt-in to mirror writes
    ignore_fields: tuple[str, ...] = ()
    compare_headers: tuple[HeaderName, ...] = ("content-type",)
    unordered_arrays: tuple[str, ...] = ()  # "$.items": compared as multisets


class FallbackConfig(_Model):
    """Which service answers are replaced by the legacy answer (reads in canary/reads)."""

    on_5xx: bool = True
    on_404: bool = False


class GateThresholds(_Model):
    """Thresholds for the stage gates (evaluated by the phase controller, docs/phase.md)."""

    max_lag_seconds: Annotated[float, Field(gt=0)] = 5.0
    lag_consecutive_fences: Annotated[int, Field(ge=1, le=1000)] = 3
    max_shadow_diff_rate: Annotated[float, Field(ge=0, le=1)] = 0.001
    min_shadow_samples: Annotated[int, Field(ge=1)] = 1000
    max_error_rate_delta: Annotated[float, Field(ge=0, le=1)] = 0.001
    # the service's share of requests slower than the monolith's p99 minus the monolith's
    max_p99_slow_share_delta: Annotated[float, Field(ge=0, le=1)] = 0.005
    max_fallback_rate: Annotated[float, Field(ge=0, le=1)] = 0.01
    min_requests: Annotated[int, Field(ge=1)] = 500
    max_persistent_mismatches: Annotated[int, Field(ge=0)] = 0
    max_verification_age_seconds: Annotated[float, Field(gt=0)] = 900.0
    alpha: Annotated[float, Field(gt=0, lt=1)] = 0.05  # of the sequential comparisons
    health_probes: Annotated[int, Field(ge=1, le=100)] = 3
    # no_ping_pong: no forward transaction applied in the service during this many seconds
    ping_pong_window_seconds: Annotated[float, Field(ge=1, le=3600)] = 60.0


class WriteHoldConfig(_Model):
    """Holding the context's new writes at the gateway during the write cut-over
    (write_hold.py). Both bounds keep a crashed controller from wedging writes."""

    # seconds one write may wait in a hold, then 503 + Retry-After; below typical client
    # timeouts (Vitess buffers for 10-20 s while applications give up after 1-2 s)
    max_wait_seconds: Annotated[float, Field(gt=0, le=60)] = 5.0
    # the longest a hold lasts (the default and the upper bound of the admin API's
    # max_hold_seconds); past it the hold lifts itself and writes flow again
    max_hold_seconds: Annotated[float, Field(gt=0, le=3600)] = 30.0


class ReadYourWritesConfig(_Model):
    """Reads of a sticky client stay on the writer of record for a while after its own write
    (canary and reads stages, where writes go to legacy and reads to the service)."""

    # seconds; null: the context's gates.max_lag_seconds (the most lag the gates accept while
    # reads go to the service); 0: off
    window_seconds: Annotated[float, Field(ge=0, le=3600)] | None = None
    max_keys: Annotated[int, Field(ge=1, le=10_000_000)] = 10_000  # per context and process


class PortHook(_Model):
    """One monolith process whose order module reaches this context through an inventory
    port, switched at the write cut-over (`phase.effects`, docs/phase.md): `url` is its
    `/admin/inventory-port` endpoint, `remote_url` the context's API as that process should
    call it once the service is the writer (through the gateway). The bearer token comes from
    `token_file` (relative to this file) or the variable `token_env` (default
    STRANGLER_MONOLITH_ADMIN_TOKEN), never from this file."""

    url: EndpointUrl
    remote_url: EndpointUrl
    token_file: Annotated[str, Field(min_length=1)] | None = None
    token_env: EnvName | None = None
    drain_timeout_seconds: Annotated[float, Field(ge=0, le=300)] = 10.0

    @property
    def token_variable(self) -> str:
        return self.token_env or "STRANGLER_MONOLITH_ADMIN_TOKEN"


class WriteSwitchConfig(_Model):
    """What the write cut-over switches besides the gateway and the sync (docs/phase.md)."""

    ports: tuple[PortHook, ...] = ()  # none: the switch_ports step does nothing


class ContextConfig(_Model):
    stage: Stage
    service: Name
    legacy: Name | None = None  # default: default_upstream
    routes: Annotated[tuple[RouteStr, ...], Field(min_length=1)]
    owns: tuple[PrefixStr, ...] = ()
    canary: CanaryConfig = CanaryConfig()
    shadow: ShadowConfig = ShadowConfig()
    fallback: FallbackConfig = FallbackConfig()
    gates: GateThresholds = GateThresholds()
    read_your_writes: ReadYourWritesConfig = ReadYourWritesConfig()
    write_hold: WriteHoldConfig = WriteHoldConfig()
    write_switch: WriteSwitchConfig = WriteSwitchConfig()
    # The CDC section: validated here too (one config model), used by `strangler cdc`.
    sync: SyncConfig | None = None

    @property
    def read_your_writes_window(self) -> float:
        """Seconds a sticky client's reads stay on legacy after its own write (0: off)."""
        window = self.read_your_writes.window_seconds
        return self.gates.max_lag_seconds if window is None else window


# read-only after validation (a dict would let any holder of the model change the config)
_ReadOnly = (AfterValidator(MappingProxyType), PlainSerializer(dict))


class GatewayConfig(_Model):
    version: Literal[1] = 1
    revision: Annotated[int, Field(ge=0)] = 0  # only grows; the admin API bumps it
    upstreams: Annotated[Mapping[Name, UpstreamConfig], Field(min_length=1), *_ReadOnly]
    default_upstream: Name
    limits: LimitsConfig = LimitsConfig()
    canary: GlobalCanaryConfig = GlobalCanaryConfig()
    shadow: ShadowPoolConfig = ShadowPoolConfig()
    admin: AdminConfig = AdminConfig()
    stage_store: StageStoreConfig = StageStoreConfig()
    contexts: Annotated[Mapping[Name, ContextConfig], *_ReadOnly] = Field(
        default_factory=lambda: MappingProxyType({}))

    def legacy_of(self, context: str) -> str:
        ctx = self.contexts[context]
        return ctx.legacy or self.default_upstream


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config plus where it came from."""

    config: GatewayConfig
    text: str
    digest: str  # sha256 of the text, first 12 hex digits
    source: str = "<string>"
    locations: dict[tuple[str | int, ...], tuple[int, int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )  # path -> (line, start index, end index) of the value

    @property
    def version(self) -> str:
        """`<revision>-<digest>`: the revision only grows; the digest tells edits apart."""
        return f"{self.config.revision}-{self.digest}"


# --- loading ---------------------------------------------------------------------------------


def load_config(path: str | Path) -> LoadedConfig:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("", f"file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("", f"cannot read {p}: {exc}") from None
    return load_config_text(text, source=str(p))


def load_config_text(text: str, *, source: str = "<string>") -> LoadedConfig:
    data, locations = _parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ConfigError("", "the document must be a mapping", line=1, source=source)
    try:
        # Strict mode through JSON: no str->int or int->bool coercion, lists accepted as tuples.
        cfg = GatewayConfig.model_validate_json(json.dumps(data, default=str), strict=True)
    except ValidationError as exc:
        problems = [_translate(e) for e in root_errors(exc)]
        raise _config_error(problems, locations, source) from None
    problems = list(_cross_check(cfg))
    if problems:
        raise _config_error(problems, locations, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return LoadedConfig(cfg, text, digest, source, locations)


def _config_error(problems: list[tuple[tuple[str | int, ...], str]],
                  locations: dict[tuple[str | int, ...], tuple[int, int, int]],
                  source: str) -> ConfigError:
    rendered = []
    for loc, msg in problems:
        line = line_of(locations, loc)
        rendered.append((format_path(loc), msg, line))
    first = rendered[0]
    err = ConfigError(first[0], first[1], line=first[2], source=source)
    err.problems = rendered  # type: ignore[attr-defined]
    return err


_TYPE_NAMES = {
    "int_type": "must be an integer", "int_parsing": "must be an integer",
    "float_type": "must be a number", "float_parsing": "must be a number",
    "string_type": "must be a string", "bool_type": "must be true or false",
    "bool_parsing": "must be true or false", "dict_type": "must be a mapping",
    "model_type": "must be a mapping", "model_attributes_type": "must be a mapping",
    "tuple_type": "must be a list", "list_type": "must be a list",
    "missing": "is required", "extra_forbidden": "unknown key",
    "int_from_float": "must be an integer",
}


def _num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _translate(err: Any) -> tuple[tuple[str | int, ...], str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = tuple(err["loc"])
    # pydantic appends "[key]" segments for dict keys that fail validation
    if kind in _TYPE_NAMES:
        msg = _TYPE_NAMES[kind]
    elif kind == "less_than_equal":
        msg = f"must be <= {_num(ctx['le'])}"
    elif kind == "less_than":
        msg = f"must be < {_num(ctx['lt'])}"
    elif kind == "greater_than_equal":
        msg = f"must be >= {_num(ctx['ge'])}"
    elif kind == "greater_than":
        msg = f"must be > {_num(ctx['gt'])}"
    elif kind in ("enum", "literal_error"):
        msg = f"must be one of {ctx.get('expected', '')}"
    elif kind == "string_pattern_mismatch":
        msg = "must be a lower-case name ([a-z][a-z0-9_-]*)"
        if loc and loc[-1] == "[key]":
            msg = "key " + msg
    elif kind == "too_short":
        msg = "must not be empty"
    elif kind == "value_error":
        msg = str(ctx.get("error", err["msg"]))
    else:
        msg = str(err["msg"])
    loc = tuple(p for p in loc if p != "[key]")
    return loc, msg


def _cross_check(cfg: GatewayConfig) -> Iterator[tuple[tuple[str | int, ...], str]]:
    store = cfg.stage_store
    if store.kind == "file":
        for key, value in (("dsn_env", store.dsn_env), ("schema", store.db_schema)):
            if value is not None:
                yield ("stage_store", key), "only for kind: postgres"
    ups = cfg.upstreams
    if cfg.default_upstream not in ups:
        yield ("default_upstream",), f"unknown upstream {cfg.default_upstream!r}"
    seen: dict[tuple[str, tuple[str | None, ...]], tuple[str, int]] = {}
    for name, ctx in cfg.contexts.items():
        if ctx.service not in ups:
            yield ("contexts", name, "service"), f"unknown upstream {ctx.service!r}"
        legacy = ctx.legacy or cfg.default_upstream
        if ctx.legacy is not None and ctx.legacy not in ups:
            yield ("contexts", name, "legacy"), f"unknown upstream {ctx.legacy!r}"
        if ctx.service == legacy:
            yield ("contexts", name, "service"), "must differ from the legacy upstream"
        hooks: dict[str, int] = {}
        for i, hook in enumerate(ctx.write_switch.ports):
            where = ("contexts", name, "write_switch", "ports", i)
            if hook.token_file is not None and hook.token_env is not None:
                yield (*where, "token_env"), "set token_file or token_env, not both"
            if hook.url in hooks:
                yield (*where, "url"), (f"same as contexts.{name}.write_switch.ports"
                                        f"[{hooks[hook.url]}].url")
            hooks.setdefault(hook.url, i)
        declared = set(ctx.routes)
        for i, text in enumerate(ctx.shadow.write_routes):
            if text not in declared:
                yield (("contexts", name, "shadow", "write_routes", i),
                       "must be one of this context's routes")
            elif parse_route(text).method in ("GET", "HEAD", "OPTIONS"):
                yield (("contexts", name, "shadow", "write_routes", i),
                       "must be a write route (reads are always eligible)")
        for i, text in enumerate(ctx.routes):
            spec = parse_route(text)
            for shape in _shapes(spec):
                other = seen.get(shape)
                if other is not None:
                    oname, oi = other
                    yield (("contexts", name, "routes", i),
                           f"conflicts with contexts.{oname}.routes[{oi}]")
                    break
                seen[shape] = (name, i)


def _shapes(spec: RouteSpec) -> Iterator[tuple[str, tuple[str | None, ...]]]:
    methods: tuple[str, ...] = METHODS if spec.method == "*" else (spec.method,)
    if spec.method == "GET":
        methods = ("GET", "HEAD")  # a GET route also answers HEAD (routing.py)
    for m in methods:
        yield (m, spec.segments)


# --- YAML with locations -----------------------------------------------------------------------


def _parse_yaml(text: str, source: str) -> tuple[Any, Locations]:
    try:
        parsed = marked_yaml.parse(text)
    except marked_yaml.DuplicateKey as exc:
        raise ConfigError(format_path(exc.path), "duplicate key", line=exc.line,
                          source=source) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError("", f"invalid YAML: {exc.problem or exc}", line=line,
                          source=source) from None
    except yaml.YAMLError as exc:
        raise ConfigError("", f"invalid YAML: {exc}", source=source) from None
    if parsed is None:
        raise ConfigError("", "the file is empty", source=source)
    return parsed
