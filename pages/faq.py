"""The questions patients ask before they call, answered once for the page and its FAQPage data.

Answers are plain text (they are repeated word for word in the structured data); a
question may point to a page that says more.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    slug: str
    question: str
    answer: str
    # (URL name, link text) of a page that says more, or None.
    more: tuple[str, str] | None = None


# Sources for the medical answers:
# - Sedation and driving: American Society of Anesthesiologists, "Practice Guidelines for
#   Moderate Procedural Sedation and Analgesia" (2018): a responsible adult takes the
#   patient home after sedation.
# - Opioids: CDC, "Clinical Practice Guideline for Prescribing Opioids for Pain" (2022);
#   Maryland Health-General Article, Title 21, Subtitle 2A (Prescription Drug Monitoring
#   Program: prescribers query it before starting an opioid and at least every 90 days).
QUESTIONS = (
    Question(
        slug="sedation",
        question="Will I be awake during a procedure?",
        answer=(
            "Most injections and nerve procedures are done while you are awake, with numbing "
            "medicine in the skin. Some people are offered light sedation, a medicine that "
            "helps you relax. If you will have sedation, we tell you when to stop eating and "
            "drinking beforehand, and you must have an adult take you home."
        ),
    ),
    Question(
        slug="driving",
        question="Can I drive myself home after a procedure?",
        answer=(
            "Plan for an adult to drive you home after an injection or procedure. Numbing "
            "medicine can leave a leg or arm weak or numb for a few hours. If you had "
            "sedation, do not drive, use machines or sign important papers for the rest of "
            "the day."
        ),
    ),
    Question(
        slug="opioids",
        question="Do you prescribe opioid pain medicine?",
        answer=(
            "Opioids are not a first choice for long-lasting back pain, because over time "
            "their risks, including addiction and overdose, often outweigh their benefits. "
            "If an opioid may be part of your plan, the doctor will talk with you about "
            "goals and risks, check Maryland's prescription monitoring program as state law "
            "requires, use the lowest dose that helps, and review it with you regularly. We "
            "may ask you to sign a treatment agreement. If you take opioids, ask us about "
            "naloxone, a medicine that can reverse an overdose."
        ),
    ),
    Question(
        slug="visit-length",
        question="How long does a visit take?",
        answer=(
            "Allow about an hour for a first visit, including forms. A procedure visit takes "
            "longer than the procedure itself: plan for one to two hours from arrival, most "
            "of it getting ready and resting afterward."
        ),
        more=("pages:new_patients", "What to bring to your first visit"),
    ),
    Question(
        slug="referral",
        question="Do I need a referral?",
        answer=(
            "Some insurance plans, often HMOs, pay for a specialist visit only with a "
            "referral from your primary care doctor. Check with your plan, or call us and "
            "we will help you find out."
        ),
        more=("pages:insurance", "Insurance and billing"),
    ),
    Question(
        slug="interpreter",
        question="Can I have an interpreter?",
        answer=(
            "Yes. We provide interpreters, including sign language interpreters, free of "
            "charge. Tell us when you book."
        ),
        more=("pages:nondiscrimination", "Nondiscrimination and language help"),
    ),
    Question(
        slug="urgent",
        question="What if my pain suddenly gets much worse?",
        answer=(
            "Call 911 or go to an emergency department if you have new loss of bladder or "
            "bowel control, numbness in the groin or inner thighs, leg weakness that is "
            "quickly getting worse, or a fever with back pain. For other changes, call us; "
            "please do not use the online form for urgent problems."
        ),
    ),
)
