"""Model fields for personal identifiers (see core/pii.py).

    id_number = EncryptedPIIField(kind=pii.ID_NUMBER, blank=True)
    id_number_index = BlindIndexField(source="id_number")

The encrypted column holds a Fernet token; the index column holds the keyed hash used for
exact look-ups (`Person.objects.filter(id_number_index=pii.blind_index(...))`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from qingfeng.core import pii


class EncryptedPIIField(models.TextField):
    description = "Encrypted personal identifier"

    def __init__(self, *args: Any, kind: str = pii.ID_NUMBER, **kwargs: Any):
        if kind not in pii.KINDS:
            raise ValueError(f"unknown PII kind {kind!r}")
        self.kind = kind
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        if kwargs.get("default") == "":
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return None
        return pii.SensitiveValue(self.kind, pii.decrypt(value))

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, pii.SensitiveValue):
            return value or None
        return pii.SensitiveValue(self.kind, pii.VALIDATORS[self.kind](value))

    def get_prep_value(self, value):
        if value is None or value == "":
            return ""
        if not isinstance(value, pii.SensitiveValue):
            value = self.to_python(value)
        return pii.encrypt(value.reveal())

    def validate(self, value, model_instance):
        if isinstance(value, str) and value:
            pii.VALIDATORS[self.kind](value)
        super().validate(value, model_instance)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return str(value) if value else ""  # serialisers get the masked form

    def formfield(self, **kwargs):
        return PIIFormField(kind=self.kind, required=not self.blank, **kwargs)


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of another field's normalised value, set on save."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        kwargs.pop("blank", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        source_field = model_instance._meta.get_field(self.source)
        value = getattr(model_instance, self.source)
        if value and not isinstance(value, pii.SensitiveValue):
            value = source_field.to_python(value)
            setattr(model_instance, self.source, value)
        digest = pii.blind_index(source_field.kind, value) if value else ""
        setattr(model_instance, self.attname, digest)
        return digest


class PIIFormField(forms.CharField):
    """Form field that validates and normalises an ID or phone number, never pre-filled."""

    def __init__(self, *, kind: str = pii.ID_NUMBER, **kwargs: Any):
        self.kind = kind
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # Never echo a stored identifier back into a form unmasked.
        return str(value) if isinstance(value, pii.SensitiveValue) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return pii.SensitiveValue(self.kind, pii.VALIDATORS[self.kind](value))
        except ValidationError:
            raise
