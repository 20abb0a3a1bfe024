"""Every write goes through a service function, and every service function records here."""

import datetime
import decimal

from django.db import models

from audit.models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's concrete field values, JSON-ready, keyed by field name."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or (fields is not None and field.name not in fields):
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    changes=None,
    municipality=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if municipality is None:
            municipality = getattr(obj, "municipality", None) if hasattr(obj, "municipality_id") else None
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "system",
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


def created(actor, obj, fields: list[str] | None = None, **kw) -> AuditEntry:
    return record(actor, AuditEntry.Action.CREATE, obj, changes=snapshot(obj, fields), **kw)


def updated(actor, obj, before: dict, **kw) -> AuditEntry | None:
    changes = diff(before, snapshot(obj, list(before)))
    if not changes:
        return None
    return record(actor, AuditEntry.Action.UPDATE, obj, changes=changes, **kw)


def deleted(actor, obj, fields: list[str] | None = None, **kw) -> AuditEntry:
    return record(actor, AuditEntry.Action.DELETE, obj, changes=snapshot(obj, fields), **kw)
