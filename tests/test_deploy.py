"""Deployment and operations files, checked without a Docker engine or a cluster.

- Prometheus: `promtool check config`, `check rules` and `test rules` (promtool is required:
  `apt-get install prometheus`), metric names used by the rules and the dashboard.
- Compose, Dockerfile, .dockerignore, Kubernetes manifests and Grafana files: structure and
  consistency with each other (ports, env names, labels, job names, paths).
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
PROM_DIR = DEPLOY / "prometheus"
GRAFANA_DIR = DEPLOY / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "war-events.json"
K8S_BASE = DEPLOY / "k8s" / "base"
K8S_PROD = DEPLOY / "k8s" / "overlays" / "production"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

WEB_PORT = 6066
JOB = "war-events"

# Metrics the service exports (histograms are queried through their series suffixes).
HISTOGRAMS = {
    "warevents_extraction_duration_seconds",
    "warevents_end_to_end_latency_seconds",
    "warevents_faust_commit_latency_seconds",
}
SERVICE_METRICS = {
    "warevents_articles_consumed_total",
    "warevents_events_published_total",
    "warevents_alerts_published_total",
    "warevents_consumer_lag",
    "warevents_table_entries",
    "warevents_worker_ready",
    "warevents_faust_messages_received_total",
    "warevents_faust_messages_sent_total",
    "warevents_faust_rebalances_total",
}
DEFAULT_COLLECTORS = {
    "process_resident_memory_bytes",
    "process_virtual_memory_bytes",
    "process_cpu_seconds_total",
    "process_open_fds",
    "process_max_fds",
    "process_start_time_seconds",
    "python_info",
}
KNOWN_METRICS = (
    SERVICE_METRICS
    | {h + s for h in HISTOGRAMS for s in ("_bucket", "_sum", "_count")}
    | DEFAULT_COLLECTORS
    | {"up"}  # written by Prometheus for every target
)

# Environment variables the service reads: one per field of service.settings.Settings.
SETTINGS_ENV = {name.upper() for name in Settings.model_fields}
SECURITY_PROTOCOLS = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"}
SASL_MECHANISMS = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"}

REQUIRED_ALERTS = {
    "WarEventsWorkerDown",
    "WarEventsWorkerNotReady",
    "WarEventsNoArticlesConsumed",
    "WarEventsDLQRateHigh",
    "WarEventsConsumerLagHigh",
    "WarEventsMemoryHigh",
}


# --------------------------------------------------------------------------- helpers


def check_settings(env: dict[str, str], where: str) -> None:
    """Every variable is a setting of the service and its value validates."""
    assert set(env) <= SETTINGS_ENV, f"{where}: unknown settings {set(env) - SETTINGS_ENV}"
    Settings(**{k.lower(): v for k, v in env.items()})  # raises on a bad value


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


_PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "atan2", "inf", "nan",
}  # fmt: skip


def promql_metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, keywords, labels removed)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', " ", expr)
    e = re.sub(r"\{[^}]*\}", " ", e)  # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)  # range and subquery brackets
    e = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\$\{?\w+\}?", " ", e)  # Grafana variables
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
        if m.start() > 0 and (e[m.start() - 1].isdigit() or e[m.start() - 1] == "."):
            continue  # 1e6, 5m
        if e[m.end() :].lstrip().startswith("("):
            continue  # function or aggregation
        if m.group().lower() in _PROMQL_WORDS:
            continue
        names.add(m.group())
    return names


def quantity(value) -> float:
    """A Kubernetes quantity (256Mi, 1Gi, 500m, 1) as a number (bytes or cores)."""
    units = {
        "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
        "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "m": 1e-3, "": 1,
    }  # fmt: skip
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i|[kMGTm]?)", str(value))
    assert m, f"not a Kubernetes quantity: {value!r}"
    return float(m.group(1)) * units[m.group(2)]


def require_promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.fail(
            "promtool is not on PATH: install it (Debian: `apt-get install -y prometheus`) "
            "to check the Prometheus config, rules and rule unit tests"
        )
    return path


def run_promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [require_promtool(), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def compose() -> dict:
    return load_yaml(COMPOSE)


def rule_list() -> list[dict]:
    return [r for g in load_yaml(PROM_DIR / "rules.yml")["groups"] for r in g["rules"]]


def dashboard_exprs() -> list[tuple[str, str]]:
    """(panel title, expr) for every query of every panel, rows included."""
    out = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                out.append((p.get("title", "?"), t.get("expr", "")))
            walk(p.get("panels", []))

    walk(json.loads(DASHBOARD.read_text(encoding="utf-8"))["panels"])
    return out


def k8s_docs(directory: Path) -> dict[str, dict]:
    """kind -> manifest for the resources a kustomization lists (one document per kind)."""
    kust = load_yaml(directory / "kustomization.yaml")
    docs = {}
    for res in kust["resources"]:
        for doc in yaml.safe_load_all((directory / res).read_text(encoding="utf-8")):
            assert doc["kind"] not in docs, f"two {doc['kind']} manifests in {directory}"
            docs[doc["kind"]] = doc
    return docs


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    assert not pending, "Dockerfile ends inside a line continuation"
    return out


def final_stage() -> list[tuple[str, str]]:
    ins = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(ins) if word == "FROM")
    return ins[last_from:]


# --------------------------------------------------------------------------- self-check


def test_promql_metric_name_extraction():
    assert promql_metric_names(
        'histogram_quantile(0.99, sum by (le) (rate(a_bucket{job="x",le!="1"}[$__rate_interval])))'
    ) == {"a_bucket"}
    assert promql_metric_names(
        "(sum(rate(c_total[10m])) or vector(0)) == 0 and on() (count(up == 1) > 0)"
    ) == {"c_total", "up"}
    assert promql_metric_names("sum(x) by (topic) / ignoring(a) y offset 5m > 1e6") == {"x", "y"}
    assert promql_metric_names('absent(up{job="war-events"})') == {"up"}


# --------------------------------------------------------------------------- Prometheus


def test_promtool_check_config():
    res = run_promtool("check", "config", "prometheus.yml", cwd=PROM_DIR)
    assert res.returncode == 0, res.stdout + res.stderr


def test_promtool_check_rules():
    res = run_promtool("check", "rules", "rules.yml", cwd=PROM_DIR)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "SUCCESS" in res.stdout + res.stderr


def test_promtool_rule_unit_tests():
    res = run_promtool("test", "rules", "rules_test.yml", cwd=PROM_DIR)
    assert res.returncode == 0, res.stdout + res.stderr


def test_scrape_config_targets_both_compose_workers():
    cfg = load_yaml(PROM_DIR / "prometheus.yml")
    assert "rules.yml" in cfg["rule_files"]
    jobs = {j["job_name"]: j for j in cfg["scrape_configs"]}
    assert JOB in jobs, f"no scrape job {JOB!r}"
    job = jobs[JOB]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    targets = {t for sc in job["static_configs"] for t in sc["targets"]}
    assert targets == {f"worker-1:{WEB_PORT}", f"worker-2:{WEB_PORT}"}
    assert {t.split(":")[0] for t in targets} <= set(compose()["services"])


def test_alert_rules_are_complete():
    rules = rule_list()
    alerts = {r["alert"]: r for r in rules if "alert" in r}
    assert REQUIRED_ALERTS <= set(alerts), REQUIRED_ALERTS - set(alerts)
    for name, rule in alerts.items():
        assert re.fullmatch(r"\d+[smh]", str(rule.get("for", ""))), f"{name}: no `for:`"
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, name
        assert rule["annotations"].get("summary"), f"{name}: no summary"
        assert rule["annotations"].get("description"), f"{name}: no description"
    assert "up{" in alerts["WarEventsWorkerDown"]["expr"]
    assert re.search(r"==\s*0\b", alerts["WarEventsWorkerDown"]["expr"])
    assert 'outcome!="ok"' in alerts["WarEventsDLQRateHigh"]["expr"]
    assert "150 * 1024 * 1024" in alerts["WarEventsMemoryHigh"]["expr"]


def test_alert_rules_use_only_known_metrics_and_the_scrape_job():
    for rule in rule_list():
        names = promql_metric_names(rule["expr"])
        assert names, f"{rule.get('alert')}: no metric found in {rule['expr']!r}"
        assert names <= KNOWN_METRICS, f"{rule.get('alert')}: unknown {names - KNOWN_METRICS}"
        for job in re.findall(r'job="([^"]*)"', rule["expr"]):
            assert job == JOB, f"{rule.get('alert')}: job={job!r}"


def test_every_alert_is_unit_tested_firing_and_not_firing():
    suite = load_yaml(PROM_DIR / "rules_test.yml")
    assert suite["rule_files"] == ["rules.yml"]
    fired, silent = set(), set()
    for case in suite["tests"]:
        for check in case.get("alert_rule_test", []):
            (fired if check.get("exp_alerts") else silent).add(check["alertname"])
    alerts = {r["alert"] for r in rule_list() if "alert" in r}
    assert alerts <= fired, f"never tested firing: {alerts - fired}"
    assert alerts <= silent, f"never tested not firing: {alerts - silent}"


def test_prometheusrule_matches_rules_yml():
    rule = load_yaml(K8S_BASE / "prometheusrule.yaml")
    assert rule["kind"] == "PrometheusRule"
    assert rule["spec"]["groups"] == load_yaml(PROM_DIR / "rules.yml")["groups"]


# --------------------------------------------------------------------------- Compose


def _env(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _pinned(image: str) -> bool:
    return bool(re.fullmatch(r"[\w./-]+:v?\d+\.\d+\.\d+[\w.-]*", image))


def test_compose_kafka_kraft_single_node():
    kafka = compose()["services"]["kafka"]
    assert re.fullmatch(r"apache/kafka:\d+\.\d+\.\d+", kafka["image"]), kafka["image"]
    env = _env(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    node = env["KAFKA_NODE_ID"]
    listeners = dict(
        (lst.split("://")[0], lst.rsplit(":", 1)[1]) for lst in env["KAFKA_LISTENERS"].split(",")
    )
    ctrl = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert ctrl in listeners
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{node}@kafka:{listeners[ctrl]}"
    protocol_map = dict(
        p.split(":") for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    assert set(listeners) <= set(protocol_map)
    advertised = env["KAFKA_ADVERTISED_LISTENERS"]
    assert ctrl not in advertised, "the controller listener is not advertised to clients"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert env.get("CLUSTER_ID")
    assert kafka["healthcheck"]["test"]


def test_compose_topics_job_and_workers():
    services = compose()["services"]
    for name in ("topics", "worker-1", "worker-2"):
        svc = services[name]
        build = svc["build"]
        assert (COMPOSE.parent / build["context"]).resolve() == ROOT, name
        assert (ROOT / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE, name

    topics = services["topics"]
    assert topics["command"] == ["topics", "create"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert topics.get("restart", "no") == "no"
    check_settings(_env(topics), "topics")

    kafka_env = _env(services["kafka"])
    advertised = kafka_env["KAFKA_ADVERTISED_LISTENERS"]
    app_ids, hostnames = set(), set()
    for name in ("worker-1", "worker-2"):
        svc = services[name]
        env = _env(svc)
        check_settings(env, name)
        assert svc["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        assert svc["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert svc.get("command", ["worker"]) == ["worker"]
        assert env["SERVICE_WEB_HOST"] == "0.0.0.0"
        assert env["SERVICE_WEB_PORT"] == str(WEB_PORT)
        assert env["SERVICE_DATA_DIR"].startswith("/")
        assert any(str(v).split(":")[1] == env["SERVICE_DATA_DIR"] for v in svc["volumes"]), (
            f"{name}: data dir is not a volume"
        )
        for server in env["KAFKA_BOOTSTRAP_SERVERS"].split(","):
            assert f"://{server}" in advertised, f"{name}: {server} is not advertised by kafka"
        test = " ".join(svc["healthcheck"]["test"])
        assert f"127.0.0.1:{WEB_PORT}/readyz" in test, f"{name}: healthcheck is not /readyz"
        assert svc["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}
        assert any(str(p).endswith(f":{WEB_PORT}") for p in svc["ports"])
        app_ids.add(env["SERVICE_APP_ID"])
        hostnames.add(svc["hostname"])
    assert len(app_ids) == 1, "both workers must share one consumer group"
    assert hostnames == {"worker-1", "worker-2"}


def test_compose_prometheus_and_grafana():
    doc = compose()
    services = doc["services"]
    for name, svc in services.items():
        if "image" in svc and "build" not in svc:
            assert _pinned(svc["image"]), f"{name}: image not pinned: {svc['image']}"
    prom = services["prometheus"]
    assert re.fullmatch(r"prom/prometheus:v\d+\.\d+\.\d+", prom["image"])
    mounts = {}
    for name, svc in services.items():
        for vol in svc.get("volumes", []):
            source, target = str(vol).split(":")[:2]
            if source.startswith("."):
                assert (COMPOSE.parent / source).exists(), f"{name}: {source} does not exist"
                mounts[target] = (COMPOSE.parent / source).resolve()
            else:
                assert source in doc["volumes"], f"{name}: volume {source} is not declared"
    config_flag = next(a for a in prom["command"] if a.startswith("--config.file="))
    config_path = Path(config_flag.split("=", 1)[1])
    assert mounts[str(config_path.parent)] == PROM_DIR.resolve()
    assert (PROM_DIR / config_path.name).is_file()

    grafana = services["grafana"]
    assert re.fullmatch(r"grafana/grafana(-oss)?:\d+\.\d+\.\d+", grafana["image"])
    assert mounts["/etc/grafana/provisioning"] == (GRAFANA_DIR / "provisioning").resolve()
    provider = load_yaml(GRAFANA_DIR / "provisioning" / "dashboards" / "war-events.yml")
    dash_path = provider["providers"][0]["options"]["path"]
    assert mounts[dash_path] == DASHBOARD.parent.resolve()
    home = _env(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        assert home == f"{dash_path}/{DASHBOARD.name}"


# --------------------------------------------------------------------------- Grafana


def test_grafana_datasource_points_at_compose_prometheus():
    ds = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")
    (source,) = ds["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in compose()["services"]


def test_dashboard_loads_and_panels_are_consistent():
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    ds_uid = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")[
        "datasources"
    ][0]["uid"]
    panels = dash["panels"]
    assert dash["uid"] and dash["title"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids)), "duplicate panel ids"
    cells = set()
    for p in panels:
        assert p["datasource"]["uid"] == ds_uid, p["title"]
        assert p["targets"], f"{p['title']}: no query"
        for t in p["targets"]:
            assert t.get("datasource", p["datasource"])["uid"] == ds_uid, p["title"]
        g = p["gridPos"]
        assert g["x"] + g["w"] <= 24, p["title"]
        here = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not cells & here, f"{p['title']} overlaps another panel"
        cells |= here


def test_dashboard_queries_use_only_known_metrics():
    exprs = dashboard_exprs()
    assert exprs
    for title, expr in exprs:
        names = promql_metric_names(expr)
        assert names, f"{title}: no metric in {expr!r}"
        assert names <= KNOWN_METRICS, f"{title}: unknown metrics {names - KNOWN_METRICS}"
        for job in re.findall(r'job="([^"]*)"', expr):
            assert job == JOB, f"{title}: job={job!r}"


def test_dashboard_has_required_panels():
    joined = "\n".join(e for _, e in dashboard_exprs())
    compact = re.sub(r"\s+", "", joined)
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile},sumby(le)(rate(warevents_end_to_end_latency" in (
            compact
        ), f"no end-to-end latency p{quantile}"
    assert "histogram_quantile(0.99,sumby(le)(rate(warevents_extraction_duration" in compact
    assert "sumby(outcome)(rate(warevents_articles_consumed_total" in compact
    assert 'warevents_articles_consumed_total{job="war-events",outcome!="ok"}' in joined
    assert "sumby(type)(rate(warevents_events_published_total" in compact
    for metric in (
        "warevents_consumer_lag",
        "warevents_alerts_published_total",
        "process_resident_memory_bytes",
    ):
        assert metric in joined, f"no panel shows {metric}"


def test_dashboard_queries_are_valid_promql(tmp_path):
    grafana_vars = {"$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h"}
    rules = []
    for i, (_, expr) in enumerate(dashboard_exprs()):
        for var, value in grafana_vars.items():
            expr = expr.replace(var, value)
        assert "$" not in expr, f"unsupported Grafana variable in {expr!r}"
        rules.append({"record": f"dashboard:query_{i}", "expr": expr})
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    res = run_promtool("check", "rules", str(path), cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr


# --------------------------------------------------------------------------- Dockerfile


def test_dockerfile_is_multistage_pinned_and_non_root():
    ins = dockerfile_instructions()
    froms = [args for word, args in ins if word == "FROM"]
    assert len(froms) >= 2, "expected a builder and a runtime stage"
    for args in froms:
        image = args.split()[0]
        assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", image), f"unpinned {image}"
    builder = re.search(r"\bAS\s+(\S+)", froms[0], re.IGNORECASE)
    assert builder, "the first stage has no name"
    final = final_stage()
    assert any(w == "COPY" and f"--from={builder.group(1)}" in a for w, a in final)
    users = [a for w, a in final if w == "USER"]
    assert users, "the runtime stage runs as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any(w == "WORKDIR" for w, _ in final)


def test_dockerfile_runtime_settings_and_commands():
    final = final_stage()
    env_text = " ".join(a for w, a in final if w == "ENV")
    assert "SERVICE_WEB_HOST=0.0.0.0" in env_text
    data_dir = re.search(r"SERVICE_DATA_DIR=(\S+)", env_text)
    assert data_dir, "SERVICE_DATA_DIR is not set"
    assert any(w == "RUN" and data_dir.group(1) in a for w, a in final), "data dir not created"
    assert any(w == "EXPOSE" and str(WEB_PORT) in a.split() for w, a in final)
    (health,) = [a for w, a in final if w == "HEALTHCHECK"]
    assert " CMD " in f" {health} "
    assert "urllib" in health and "/healthz" in health and str(WEB_PORT) in health
    assert "curl" not in health and "wget" not in health
    (entrypoint,) = [json.loads(a) for w, a in final if w == "ENTRYPOINT"]
    (cmd,) = [json.loads(a) for w, a in final if w == "CMD"]
    assert entrypoint == ["python", "-m", "service"]
    assert cmd == ["worker"]
    assert (ROOT / "service" / "__main__.py").is_file()


def _dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [ln.strip().rstrip("/") for ln in lines if ln.strip() and not ln.startswith("#")]


def _ignored(path: str, patterns: list[str]) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for pat in patterns:
        negate = pat.startswith("!")
        pat = pat.lstrip("!").removeprefix("**/")
        if any(fnmatch.fnmatch(p, pat) or fnmatch.fnmatch(p.split("/")[-1], pat) for p in prefixes):
            result = not negate
    return result


def test_dockerignore_keeps_build_inputs_and_drops_junk():
    patterns = _dockerignore_patterns()
    for junk in (".venv", ".git", ".pytest_cache", ".ruff_cache", "service/__pycache__", ".bench"):
        assert _ignored(junk, patterns), f"{junk} is sent to the build context"
    sources = []
    for word, args in dockerfile_instructions():
        if word in {"COPY", "ADD"} and "--from=" not in args:
            sources += [a for a in args.split()[:-1] if not a.startswith("--")]
    assert {"service", "topics", "pyproject.toml"} <= set(sources)
    for src in sources:
        assert not _ignored(src.rstrip("*"), patterns), f".dockerignore drops {src}"
    for src in ("service", "topics"):
        assert (ROOT / src).is_dir(), f"the Dockerfile copies {src}/, which is missing"


# --------------------------------------------------------------------------- Kubernetes


def test_kustomization_lists_every_manifest():
    kust = load_yaml(K8S_BASE / "kustomization.yaml")
    listed = set(kust["resources"])
    present = {p.name for p in K8S_BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present, f"missing: {present - listed}, dangling: {listed - present}"
    kinds = set(k8s_docs(K8S_BASE))
    assert {"Deployment", "PodDisruptionBudget", "Service", "ConfigMap", "Job"} <= kinds
    assert kinds & {"PodMonitor", "ServiceMonitor"}


def _worker(docs: dict) -> dict:
    (container,) = docs["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def test_deployment_probes_resources_and_settings():
    docs = k8s_docs(K8S_BASE)
    dep = docs["Deployment"]
    pod = dep["spec"]["template"]["spec"]
    c = _worker(docs)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports["web"] == WEB_PORT
    probes = [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")]
    if "startupProbe" in c:  # a slow group join must not get the pod killed
        probes.append(("startupProbe", "/healthz"))
    for probe, path in probes:
        get = c[probe]["httpGet"]
        assert get["path"] == path, probe
        assert get["port"] in {"web", WEB_PORT}, probe
    res = c["resources"]
    for key in ("cpu", "memory"):
        assert key in res["requests"] and key in res["limits"], key
        assert quantity(res["requests"][key]) <= quantity(res["limits"][key]), key
    assert quantity(res["limits"]["memory"]) >= 192 * 2**20
    assert quantity(res["requests"]["memory"]) >= 150 * 10**6

    cm = docs["ConfigMap"]
    assert {"configMapRef": {"name": cm["metadata"]["name"]}} in c["envFrom"]
    data = cm["data"]
    check_settings(data, "configmap.yaml")
    assert data["SERVICE_WEB_HOST"] == "0.0.0.0"
    assert data["SERVICE_WEB_PORT"] == str(WEB_PORT)
    assert data["KAFKA_SECURITY_PROTOCOL"] in SECURITY_PROTOCOLS
    mounts = {m["mountPath"] for m in c["volumeMounts"]}
    assert data["SERVICE_DATA_DIR"] in mounts, "the data dir is not a writable volume"

    uid = [a for w, a in final_stage() if w == "USER"][-1].split(":")[0]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert str(pod["securityContext"]["runAsUser"]) == uid
    if c["securityContext"].get("readOnlyRootFilesystem"):
        assert "/tmp" in mounts
    assert dep["spec"]["replicas"] >= 2


def test_selectors_match_the_worker_pods():
    docs = k8s_docs(K8S_BASE)
    dep = docs["Deployment"]
    pod_labels = dep["spec"]["template"]["metadata"]["labels"]
    selector = dep["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()

    pdb = docs["PodDisruptionBudget"]["spec"]
    assert pdb["selector"]["matchLabels"] == selector
    if "maxUnavailable" in pdb:
        assert int(pdb["maxUnavailable"]) >= 1
    else:
        assert int(pdb["minAvailable"]) < dep["spec"]["replicas"], "PDB blocks every eviction"

    svc = docs["Service"]["spec"]
    assert svc["selector"].items() <= pod_labels.items()
    assert svc["ports"][0]["targetPort"] in {"web", WEB_PORT}

    monitor = docs.get("PodMonitor") or docs["ServiceMonitor"]
    spec = monitor["spec"]
    assert spec["selector"]["matchLabels"].items() <= pod_labels.items()
    endpoints = spec.get("podMetricsEndpoints") or spec["endpoints"]
    assert endpoints[0]["port"] == "web"
    assert endpoints[0].get("path", "/metrics") == "/metrics"
    # The rules and the dashboard select job="war-events".
    assert pod_labels[spec["jobLabel"]] == JOB


def test_topic_job_and_images():
    docs = k8s_docs(K8S_BASE)
    job = docs["Job"]["spec"]["template"]["spec"]
    (container,) = job["containers"]
    assert container["args"] == ["topics", "create"]
    assert job["restartPolicy"] in {"OnFailure", "Never"}
    worker = _worker(docs)
    assert container["image"] == worker["image"]
    assert container["envFrom"] == worker["envFrom"]
    assert job["securityContext"]["runAsNonRoot"] is True
    kust = load_yaml(K8S_BASE / "kustomization.yaml")
    assert worker["image"] in {img["name"] for img in kust["images"]}


def test_production_overlay_reads_kafka_auth_from_secrets():
    kust = load_yaml(K8S_PROD / "kustomization.yaml")
    assert "../../base" in kust["resources"]
    patches = {}
    for patch in kust["patches"]:
        doc = load_yaml(K8S_PROD / patch["path"])
        patches[doc["kind"]] = doc
    data = patches["ConfigMap"]["data"]
    check_settings({**k8s_docs(K8S_BASE)["ConfigMap"]["data"], **data}, "production overlay")
    assert data["KAFKA_SECURITY_PROTOCOL"] in SECURITY_PROTOCOLS - {"PLAINTEXT"}
    assert data["KAFKA_SASL_MECHANISM"] in SASL_MECHANISMS
    base = k8s_docs(K8S_BASE)
    for kind in ("Deployment", "Job"):
        assert patches[kind]["metadata"]["name"] == base[kind]["metadata"]["name"]
        pod = patches[kind]["spec"]["template"]["spec"]
        base_names = {c["name"] for c in base[kind]["spec"]["template"]["spec"]["containers"]}
        (c,) = pod["containers"]
        assert c["name"] in base_names, f"{kind} patch names no existing container"
        env = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in c["env"]}
        assert {"KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"} <= set(env)
        secret_volumes = {v["name"] for v in pod["volumes"] if "secret" in v}
        mounted = [m["mountPath"] for m in c["volumeMounts"] if m["name"] in secret_volumes]
        assert any(data["KAFKA_SSL_CAFILE"].startswith(m + "/") for m in mounted), kind
