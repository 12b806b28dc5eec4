"""The questions patients ask before they call, answered once for the page and its FAQPage data.

Answers are plain text (they are repeated word for word in the structured data); a
question may point to a page that says more. Questions and answers are in the gettext
catalogue: the Spanish page and its structured data read the same translation.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    slug: str
    question: str
    answer: str
    # (URL name, link text) of a page that says more, or None; and a section of it.
    more: tuple[str, str] | None = None
    anchor: str = ""


# Sources for the medical answers:
# - Sedation and driving: American Society of Anesthesiologists, "Practice Guidelines for
#   Moderate Procedural Sedation and Analgesia" (2018): a responsible adult takes the
#   patient home after sedation.
# - Opioids: CDC, "Clinical Practice Guideline for Prescribing Opioids for Pain" (2022):
#   offer naloxone when overdose risk is higher (recommendation 8), avoid opioids with
#   benzodiazepines (recommendation 11); Maryland Health-General Article, Title 21,
#   Subtitle 2A (Prescription Drug Monitoring Program: prescribers query it before starting
#   an opioid and at least every 90 days); Maryland Health-General 13-3502 and COMAR
#   10.13.03 (2019): guidelines for co-prescribing naloxone to patients on opioids for
#   chronic pain or with a benzodiazepine; Health Occupations 1-223 (2017): patients are
#   told the risks of an opioid and of a benzodiazepine taken with it. FDA, "Where and How
#   to Dispose of Unused Medicines" (2024): drug take-back sites first; lock medicines up.
# - When the office is closed: SAMHSA, "988 Suicide & Crisis Lifeline" (2022).
QUESTIONS = (
    Question(
        slug="sedation",
        question=_("Will I be awake during a procedure?"),
        answer=_(
            "Most injections and nerve procedures are done while you are awake, with numbing "
            "medicine in the skin. Some people are offered light sedation, a medicine that "
            "helps you relax. If you will have sedation, we tell you when to stop eating and "
            "drinking beforehand, and you must have an adult take you home."
        ),
    ),
    Question(
        slug="driving",
        question=_("Can I drive myself home after a procedure?"),
        answer=_(
            "Plan for an adult to drive you home after an injection or procedure. Numbing "
            "medicine can leave a leg or arm weak or numb for a few hours. If you had "
            "sedation, do not drive, use machines or sign important papers for the rest of "
            "the day."
        ),
    ),
    Question(
        slug="opioids",
        question=_("Do you prescribe opioid pain medicine?"),
        answer=_(
            "Opioids are not a first choice for long-lasting back pain, because over time "
            "their risks, including addiction and overdose, often outweigh their benefits. "
            "If an opioid may be part of your plan, the doctor will talk with you about "
            "goals and risks, check Maryland's prescription monitoring program as state law "
            "requires, use the lowest dose that helps, and review it with you regularly. We "
            "may ask you to sign a treatment agreement. We offer you naloxone, a nasal spray "
            "that can reverse an overdose, and show you how to use it. Taking an opioid with "
            "alcohol, sleeping pills or anxiety medicines called benzodiazepines can stop "
            "your breathing, so tell us about every medicine you take. Keep opioids locked "
            "up and out of reach of others. Take the ones you no longer need to a drug "
            "take-back site, such as many pharmacies."
        ),
        more=("pages:refills", _("Prescription refills")),
    ),
    Question(
        slug="visit-length",
        question=_("How long does a visit take?"),
        answer=_(
            "Allow about an hour for a first visit, including forms. A procedure visit takes "
            "longer than the procedure itself: plan for one to two hours from arrival, most "
            "of it getting ready and resting afterward."
        ),
        more=("pages:new_patients", _("What to bring to your first visit")),
    ),
    Question(
        slug="forms",
        question=_("Can I fill in the forms before my first visit?"),
        answer=_(
            "Yes. Ask us how to get the new-patient forms, so you can fill them in at home "
            "and bring them with you."
        ),
        more=("pages:new_patients", _("Forms for new patients")),
        anchor="forms",
    ),
    Question(
        slug="procedure-day",
        question=_("How do I get ready for a procedure?"),
        answer=_(
            "Tell us if you take a blood thinner, and do not stop it on your own. If you will "
            "have sedation, we tell you when to stop eating and drinking. Plan for an adult "
            "to drive you home after an injection or procedure."
        ),
        more=("pages:procedure_care", _("Before and after your procedure")),
    ),
    Question(
        slug="refills",
        question=_("How do I get a prescription refilled?"),
        answer=_(
            "Call us during office hours, well before you run out. Some pain medicines need "
            "a new prescription each time, and some need a visit first."
        ),
        more=("pages:refills", _("Prescription refills and medicine safety")),
    ),
    Question(
        slug="costs",
        question=_("What if I pay for my care myself?"),
        answer=_(
            "Ask us for the price before you book, and whether a payment plan is possible. "
            "If you do not use insurance, you have the right to a Good Faith Estimate of "
            "what your care will cost."
        ),
        more=("pages:financial_policy", _("Financial policy")),
    ),
    Question(
        slug="coverage",
        question=_("Do you take Medicare, Medicaid, or claims for a work injury or car accident?"),
        answer=_("Our insurance page says which ones we take. If it says to call, please call us to check."),
        more=("pages:insurance", _("Medicare, Medicaid, work injuries and car accidents")),
        anchor="other-coverage",
    ),
    Question(
        slug="telehealth",
        question=_("Can I see the doctor by video?"),
        answer=_(
            "Some visits may be possible by video or phone. An exam and any procedure need a "
            "visit to our office."
        ),
        more=("pages:telehealth", _("Video and phone visits")),
    ),
    Question(
        slug="records",
        question=_("How do I get a copy of my medical records?"),
        answer=_(
            "Ask us in writing. Maryland law gives us no more than 21 working days, and we "
            "will not hold your records back because of an unpaid bill."
        ),
        more=("pages:medical_records", _("Getting a copy of your medical records")),
    ),
    Question(
        slug="referral",
        question=_("Do I need a referral?"),
        answer=_(
            "Some insurance plans, often HMOs, pay for a specialist visit only with a "
            "referral from your primary care doctor. Check with your plan, or call us and "
            "we will help you find out."
        ),
        more=("pages:insurance", _("Insurance and billing")),
    ),
    Question(
        slug="interpreter",
        question=_("Can I have an interpreter?"),
        answer=_(
            "Yes. We provide interpreters, including sign language interpreters, free of "
            "charge. Tell us when you book."
        ),
        more=("pages:nondiscrimination", _("Nondiscrimination and language help")),
    ),
    Question(
        slug="urgent",
        question=_("What if my pain suddenly gets much worse?"),
        answer=_(
            "Call 911 or go to an emergency department if you have new loss of bladder or "
            "bowel control, numbness in the groin or inner thighs, leg weakness that is "
            "quickly getting worse, or a fever with back pain. For other changes, call us; "
            "please do not use the online form for urgent problems."
        ),
    ),
    Question(
        slug="after-hours",
        question=_("Whom do I call when you are closed?"),
        answer=_(
            "For any emergency, call 911. In a mental health crisis, call or text 988. If "
            "your pain pump alarm sounds, or your pump or stimulator seems to have a "
            "problem, call us right away. Our contact page says how to reach us when we "
            "are closed."
        ),
        more=("pages:contact", _("When we are closed")),
        anchor="after-hours",
    ),
)
