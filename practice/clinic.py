"""The practice's facts (name, physician, phone, address, hours), from settings."""

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Clinic:
    name: str
    physician: str
    physician_short: str
    phone: str
    street_address: str
    locality: str
    region: str
    postal_code: str
    hours: str
    opening_hours: str

    @classmethod
    def from_settings(cls):
        return cls(**settings.CLINIC)

    @property
    def phone_href(self):
        """The phone number as a ``tel:`` link target in international form."""
        digits = re.sub(r"\D", "", self.phone)
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}"

    @property
    def address_lines(self):
        return (self.street_address, f"{self.locality}, {self.region} {self.postal_code}")
