"""One-line, human-readable renderings of events and alerts (for `tail` and the demo)."""

from __future__ import annotations

from typing import Any

_FIELDS = {
    "strike": ("launched", "intercepted"),
    "casualty": ("killed", "wounded", "killed_or_wounded", "missing", "captured", "losses"),
    "territory": ("area_km2",),
    "deployment": ("troops",),
    "diplomacy": ("amount_usd",),
}
_SUBJECT = {
    "strike": lambda e: f"{e['attacker']}->{e['target_country']} {e['weapon']}"
                        + (f" at {e['target']}" if e.get("target") else ""),
    "casualty": lambda e: f"{e['party']} {e['population']}",
    "territory": lambda e: f"gained by {e['gainer']}",
    "deployment": lambda e: f"{e['force_country']} troops for {e['host_country']} {e['status']}"
                            + (f" in {e['location']}" if e.get("location") else ""),
    "diplomacy": lambda e: f"{e['kind']} {e['actor']}"
                           + (f"->{e['counterpart']}" if e.get("counterpart") else ""),
}


def _when(e: dict[str, Any]) -> str:
    if e.get("occurred_on"):
        return str(e["occurred_on"])
    start, end = e.get("period_start"), e.get("period_end")
    span = f"{start or '?'}..{end or ''}" if start or end else ""
    return f"{e.get('period')} {span}".strip()


def render_event(e: dict[str, Any]) -> str:
    """`strike RU->UA drone: launched=145 (at_least) | single 2024-11-10 | 2 sources`."""
    kind = e.get("type", "?")
    values = ", ".join(
        f"{name}={e[name]:,}" if isinstance(e[name], int) else f"{name}={e[name]:,.1f}"
        for name in _FIELDS.get(kind, ()) if e.get(name) is not None)
    subject = _SUBJECT[kind](e) if kind in _SUBJECT else ""
    qual = f" ({e['qualifier']})" if e.get("qualifier") not in (None, "exact") else ""
    record = " RECORD" if e.get("record") else ""
    claimed = f" | per {e['claimed_by']}" if e.get("claimed_by") else ""
    text = f"{kind} {subject}: {values or e.get('summary', '')}{qual}{record} | {_when(e)}"
    return f"{text}{claimed} | {e.get('mentions', 1)} source(s)"


def render_alert(a: dict[str, Any]) -> str:
    """`ALERT strike.launched = 145 [claimed]: Russia launched a record ...`."""
    return f"ALERT {a['metric']} = {a['value']:,g} [{a['basis']}]: {a['message']}"


def render(topic: str, value: dict[str, Any]) -> str:
    """Render any output record by its shape."""
    if "alert_id" in value:
        return render_alert(value)
    if "event_id" in value:
        return render_event(value)
    return str(value)
