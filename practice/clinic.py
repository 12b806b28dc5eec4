"""The practice's facts (name, physician, phone, address, hours, plans), from settings."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from practice.translation import InEnglish

# schema.org's two-letter day codes (as in openingHours) and the days they name.
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HOURS_GROUP = re.compile(r"^(?P<days>[A-Za-z,\-]+)\s+(?P<opens>\d{2}:\d{2})-(?P<closes>\d{2}:\d{2})$")


def _days(spec):
    """``Mo-Fr`` or ``Mo,We,Fr`` as day names, in week order."""
    days = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start, end = DAY_CODES.index(first), DAY_CODES.index(last or first)
        if end < start:
            raise ValueError(f"{part!r} runs backwards")
        days += DAY_NAMES[start : end + 1]
    return days


def parse_opening_hours(text):
    """``Mo-Fr 09:00-17:00; Sa 09:00-12:00`` as (days, opens, closes) groups.

    Raises ValueError with the offending part, so a mistyped setting is caught by the
    system check at start-up rather than on a page.
    """
    groups = []
    for group in filter(None, (part.strip() for part in text.split(";"))):
        match = _HOURS_GROUP.match(group)
        if not match:
            raise ValueError(f"{group!r} is not like 'Mo-Fr 09:00-17:00'")
        try:
            days = _days(match["days"])
        except ValueError as error:
            raise ValueError(f"{group!r}: unknown days ({error})") from None
        groups.append((days, match["opens"], match["closes"]))
    return groups


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
    # Credentials shown on the about page and in structured data once the practice sets
    # them; empty means "not yet confirmed", and the page says so rather than guess.
    physician_board: str = ""
    physician_training: tuple[str, ...] = ()
    physician_affiliations: tuple[str, ...] = ()
    # Plans the practice is in network with; empty: the insurance page asks people to call.
    insurance_plans: tuple[str, ...] = ()
    parking: str = ""
    transit: str = ""
    building_access: str = ""
    privacy_officer: str = "Privacy Officer"
    # The Notice of Privacy Practices carries a "to be confirmed" banner until the practice
    # has reviewed it and sets its effective date.
    privacy_notice_confirmed: bool = False
    privacy_notice_effective: str = ""
    # None: the practice has not said yet whether it holds 42 CFR Part 2 records.
    holds_part2_records: bool | None = None
    hours_confirmed: bool = False
    # Whom patients reach outside office hours; empty until the practice states it.
    after_hours: str = ""
    spanish_translation_reviewed: str = ""
    refill_policy: str = ""
    self_pay_prices: str = ""
    payment_plans: str = ""
    missed_appointment_policy: str = ""
    telehealth: str = ""
    new_patient_forms: str = ""
    records_requests: str = ""
    # Coverage taken: True, False, or None until the practice says (pages: "call us").
    takes_medicare: bool | None = None
    takes_medicaid: bool | None = None
    takes_workers_comp: bool | None = None
    takes_auto_claims: bool | None = None
    treats_in_facilities: bool | None = None

    @classmethod
    def from_settings(cls):
        """The facts as the active language's pages show them: on a Spanish page, the
        Spanish wording of each fact the practice has given one (CLINIC_SPANISH), and the
        English wording, marked as English, of each it has not (``check --deploy`` names them)."""
        facts = settings.CLINIC
        if translation.get_language() == "es":
            spanish = {field: words for field, words in settings.CLINIC_SPANISH.items() if words}
            english_only = {
                field: InEnglish(words)
                for field in settings.SPANISH_TEXT_FACTS
                if (words := facts.get(field)) and field not in spanish
            }
            facts = {**facts, **english_only, **spanish}
        return cls(**facts)

    @property
    def phone_href(self):
        """The phone number as a ``tel:`` link target in international form."""
        digits = re.sub(r"\D", "", self.phone)
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}"

    @property
    def privacy_notice_in_force(self):
        """The notice is the practice's once it has confirmed it and given its effective date."""
        return self.privacy_notice_confirmed and bool(self.privacy_notice_effective)

    @property
    def coverage(self):
        """(what, taken) for the kinds of coverage patients ask about; taken is None until set."""
        return (
            ("Medicare", self.takes_medicare),
            ("Maryland Medicaid", self.takes_medicaid),
            ("Workers' compensation", self.takes_workers_comp),
            ("Auto accident claims", self.takes_auto_claims),
        )

    @property
    def address_lines(self):
        return (self.street_address, f"{self.locality}, {self.region} {self.postal_code}")

    @property
    def opening_hours_groups(self):
        return parse_opening_hours(self.opening_hours)
