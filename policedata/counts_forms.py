from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.models import IncidentCategory

NONE = "0"  # "none of the council's categories"


class CountsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med anmälda brott (CSV eller Excel)"),
        help_text=_(
            "Kolumnerna kommunkod, område (frivillig), månad (ÅÅÅÅ-MM), brottskategori och antal. "
            "Brås export av anmälda brott kan läsas in som den är."
        ),
        error_messages={"required": _("Välj en fil att importera.")},
    )


class CategoryMappingForm(forms.Form):
    """One select per police crime category: the council category it counts under."""

    def __init__(self, municipality, crime_categories: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = IncidentCategory.objects.filter(municipality=municipality, active=True).order_by("position")
        self.categories = {str(c.id): c for c in categories}
        choices = [(NONE, _("Ingen av rådets kategorier"))] + [(str(c.id), c.name) for c in categories]
        self.rows = []
        for i, row in enumerate(crime_categories):
            name = f"c{i}"
            self.fields[name] = forms.ChoiceField(
                label=row["crime_category"],
                choices=choices,
                initial=str(row["category_id"] or NONE),
            )
            self.fields[f"n{i}"] = forms.CharField(widget=forms.HiddenInput, initial=row["crime_category"])
            self.rows.append((name, f"n{i}", row))

    def changes(self) -> list[tuple[str, IncidentCategory | None]]:
        """[(crime category, new council category)] for the selects that changed."""
        result = []
        for field, name_field, row in self.rows:
            if self.cleaned_data.get(name_field) != row["crime_category"]:
                continue  # the list changed since the page was loaded; leave this one
            value = self.cleaned_data.get(field)
            if value != str(row["category_id"] or NONE):
                result.append((row["crime_category"], self.categories.get(value)))
        return result

    def bound_rows(self):
        """[(select, hidden name field, row)] for the template."""
        return [(self[field], self[name_field], row) for field, name_field, row in self.rows]
