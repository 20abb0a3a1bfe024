from django import template

register = template.Library()


@register.simple_tag
def widget(field, **attrs):
    """Render a bound field's widget with its accessible description and error state."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.field.required and not attrs.get("no_required"):
        attrs["aria-required"] = "true"
    attrs.pop("no_required", None)
    return field.as_widget(attrs={k.replace("_", "-"): v for k, v in attrs.items()})
