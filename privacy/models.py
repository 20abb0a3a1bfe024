from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Confirmation(models.Model):
    """Someone judged that this finding in this field of this object is not personal data (a place
    called Berga, a street named after a person): it is not asked about again."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=64)
    text = models.CharField(_("text"), max_length=200)
    kind = models.CharField(max_length=30)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bekräftad icke-personuppgift")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "text"], name="privacy_confirmation_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="privacy_conf_object")]

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"
