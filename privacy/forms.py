"""The live personal-data check for any form field: mix PiiCheckMixin into the form and name the
fields in `pii_fields`. Their widgets get data attributes that static/js/pii.js (loaded on every
page) turns into a live check against privacy:check while typing; each finding can be masked in
the text or ticked as not personal data, and `pii_confirmed()` gives the ticks for
privacy.services.confirm after saving."""

from django.urls import reverse

from privacy import services


class PiiCheckMixin:
    # form field names, or {form field: model field} where they differ
    pii_fields: tuple[str, ...] | dict[str, str] = ()

    def __init__(self, *args, pii_object=None, pii_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pii_object = pii_object if pii_object is not None else getattr(self, "instance", None)
        self._pii_user = pii_user
        self.enable_pii_check()

    def enable_pii_check(self) -> None:
        """Mark the fields in pii_fields for the live check; call again after adding fields."""
        obj, user = self._pii_object, self._pii_user
        url = reverse("privacy:check")
        for form_name, model_name in self._pii_map().items():
            if form_name not in self.fields:
                continue
            attrs = self.fields[form_name].widget.attrs
            attrs["data-pii-check"] = url
            attrs["data-pii-name"] = self.pii_checkbox_name(form_name)
            token = services.reference(obj, model_name, user) if obj is not None and obj.pk and user else ""
            if token:
                attrs["data-pii-ref"] = token

    def _pii_map(self) -> dict[str, str]:
        fields = self.pii_fields
        return dict(fields) if isinstance(fields, dict) else {name: name for name in fields}

    def pii_checkbox_name(self, form_name: str) -> str:
        return f"pii_ok-{self.add_prefix(form_name)}"

    def pii_confirmed(self) -> dict[str, list[str]]:
        """{model field: finding texts ticked as not personal data} from the submitted form."""
        if not self.is_bound:
            return {}
        out = {}
        for form_name, model_name in self._pii_map().items():
            ticked = [t for t in self.data.getlist(self.pii_checkbox_name(form_name)) if t]
            if ticked:
                out[model_name] = ticked
        return out
