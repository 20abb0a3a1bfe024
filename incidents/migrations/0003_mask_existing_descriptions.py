"""Masking became the default: reports saved before, with personal data left in the text (a
non-empty `pii`), get the masked text in `description` and keep the text as written in
`description_original` for the reviewing coordinator (cleared by review or after 30 days by
manage.py mask_pii_originals)."""

from django.db import migrations


def mask_existing(apps, schema_editor):
    from privacy import pii

    Incident = apps.get_model("incidents", "Incident")
    # ids first: SQLite gives no isolation between a running cursor and updates of its table
    ids = list(Incident.objects.exclude(pii=[]).values_list("id", flat=True))
    for start in range(0, len(ids), 500):
        batch = []
        for incident in Incident.objects.filter(id__in=ids[start : start + 500]).only("id", "description", "pii"):
            if all("masked" in f for f in incident.pii):
                continue  # already in the new shape
            findings = pii.find_pii(incident.description)
            if findings:
                masked, moved = pii.mask_findings(incident.description, findings)
                incident.description_original = incident.description
                incident.description = masked
                incident.pii = [
                    dict(m.as_dict(), masked=True, original_start=f.start, original_end=f.end)
                    for m, f in zip(moved, findings, strict=True)
                ]
            else:  # the detector no longer finds what it found then
                incident.pii = []
            batch.append(incident)
        Incident.objects.bulk_update(batch, ["description", "description_original", "pii"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_description_original")]

    operations = [migrations.RunPython(mask_existing, migrations.RunPython.noop)]
