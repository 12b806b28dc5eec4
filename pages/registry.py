"""The site's content registry: every public page, article, service and condition in one place.

Routes, the services index, the sitemap, navigation and structured data all derive
from these entries. Adding a service is one template under
``templates/pages/services/`` and one ``Service`` entry below; a site page is likewise
one template and one ``SitePage``. Dates are when a page's words last changed (the
tests hold them to the templates' recorded fingerprints).

Each page is in English and in Spanish. The short texts here are marked for the gettext
catalogue (``locale/es/LC_MESSAGES/django.po``): titles and descriptions with ``_``, the
serious risks in the context "serious risk", and the Spanish URL of each page in the
context "URL path" (site pages) or "URL slug" (articles and services, whose English slug
stays their key). A page's Spanish words are its template under ``templates/es/``.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from practice.translation import pgettext_noop


@dataclass(frozen=True, kw_only=True)
class SitePage:
    """A page with a fixed URL of its own (home, about, contact, notices and guides)."""

    url_name: str
    path: str
    title: str
    description: str
    template: str
    # The page's own entry in the breadcrumb trail; the home page has none.
    breadcrumb: str = ""
    # When the page's words last changed (the sitemap's lastmod, "last updated" lines).
    updated: date
    # schema.org type of the page node (WebPage, AboutPage, FAQPage...).
    schema_type: str = "WebPage"
    # What the page is mainly about, for its structured data: "physician", "clinic",
    # "conditions" or "questions" (see seo.MAIN_ENTITIES); empty for none.
    main_entity: str = ""
    # Whether the page lists the treatments, so its structured data names them as the
    # clinic's availableService.
    lists_services: bool = False

    def get_absolute_url(self):
        return reverse(f"pages:{self.url_name}")


@dataclass(frozen=True, kw_only=True)
class Article:
    """A patient-education article, written by the practice.

    It claims a medical review only once one is recorded for its words (pages/reviews.py).
    """

    slug: str
    title: str
    description: str
    # One line inviting the reader who would want this article ("Still in pain after...?").
    teaser: str
    # Slugs of the conditions the article is about (entries in CONDITIONS).
    conditions: tuple[str, ...] = ()
    published: date
    # When the page's words last changed (dateModified, the sitemap's lastmod).
    updated: date

    @property
    def template(self):
        return f"pages/articles/{self.slug}.html"

    def get_absolute_url(self):
        return reverse("pages:article", args=[url_slug(self.slug)])


@dataclass(frozen=True, kw_only=True)
class Service:
    """A treatment the practice offers, one page each."""

    slug: str
    title: str
    description: str
    # One plain sentence for the services index and the home page.
    summary: str
    # schema.org type: MedicalTherapy or a subtype (PhysicalTherapy...). Procedures are
    # therapies too (MedicalTherapy is a MedicalProcedure), and only a therapy can be a
    # condition's possibleTreatment; procedure_type says how one is done.
    schema_type: str = "MedicalTherapy"
    procedure_type: str = ""
    # Slugs of the articles that name this treatment; its page points readers to them.
    articles: tuple[str, ...] = ()
    # Words the page must say plainly: its serious risks, each as the page words it (a test
    # reads the rendered page for every one). Cite each one's source in the template.
    serious_risks: tuple[str, ...]
    # When the page's words last changed ("Last updated", dateModified, the sitemap's
    # lastmod). A medical review is recorded apart, for the words it saw (pages/reviews.py).
    updated: date

    @property
    def template(self):
        return f"pages/services/{self.slug}.html"

    def get_absolute_url(self):
        return reverse("pages:service", args=[url_slug(self.slug)])

    @property
    def related_articles(self):
        return [get_article(slug) for slug in self.articles]


@dataclass(frozen=True, kw_only=True)
class Condition:
    """A condition the practice treats: a section of the conditions page."""

    slug: str
    name: str
    # A few plain sentences: what it is and how it feels.
    summary: str
    # Slugs of the treatments that may fit it (entries in SERVICES).
    treatments: tuple[str, ...]
    # What the evidence says about one of those treatments, where a reader would otherwise
    # take more from the list than the studies show; cite it in templates/pages/conditions.html.
    evidence_note: str = ""

    def get_absolute_url(self):
        return reverse("pages:conditions") + f"#{self.slug}"

    @property
    def services(self):
        return [get_service(slug) for slug in self.treatments]


SITE_PAGES = (
    SitePage(
        url_name="home",
        lists_services=True,
        path="",
        title=_("Pain management in Greenbelt, Maryland"),
        description=_(
            "Pain Management Associates LLC in Greenbelt, MD: Haddis Hagos, MD, treats lasting "
            "back pain, including pain after back surgery. Call or request a visit."
        ),
        template="pages/home.html",
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="article_index",
        path=pgettext_noop("URL path", "blog/"),
        title=_("Patient education articles"),
        description=_(
            "Plain-language articles from Pain Management Associates LLC about back pain, "
            "failed back surgery and the treatments that can help."
        ),
        template="pages/article_index.html",
        breadcrumb=_("Articles"),
        updated=date(2026, 11, 25),
        schema_type="CollectionPage",
    ),
    SitePage(
        url_name="service_index",
        lists_services=True,
        path=pgettext_noop("URL path", "services/"),
        title=_("Treatments we offer"),
        description=_(
            "Treatments for lasting back pain at Pain Management Associates LLC in "
            "Greenbelt, MD: therapy, medication, injections, nerve procedures and more."
        ),
        template="pages/service_index.html",
        breadcrumb=_("Treatments"),
        updated=date(2026, 12, 6),
        schema_type="CollectionPage",
    ),
    SitePage(
        url_name="conditions",
        lists_services=True,
        path=pgettext_noop("URL path", "conditions/"),
        title=_("Conditions we treat"),
        description=_(
            "Failed back surgery syndrome, sciatica, spinal stenosis, herniated discs and neck "
            "pain: what each is and which treatments may help."
        ),
        template="pages/conditions.html",
        breadcrumb=_("Conditions"),
        updated=date(2026, 12, 6),
        schema_type="MedicalWebPage",
        main_entity="conditions",
    ),
    SitePage(
        url_name="about",
        path=pgettext_noop("URL path", "about/"),
        title=_("About the practice and Dr. Hagos"),
        description=_(
            "Meet Haddis Hagos, MD, a board-certified anesthesiologist and pain management "
            "specialist leading Pain Management Associates LLC in Greenbelt, Maryland."
        ),
        template="pages/about.html",
        breadcrumb=_("About"),
        updated=date(2026, 12, 6),
        schema_type="AboutPage",
        main_entity="physician",
    ),
    SitePage(
        url_name="new_patients",
        path=pgettext_noop("URL path", "new-patients/"),
        title=_("New patients: what to bring"),
        description=_(
            "Your first visit to Pain Management Associates LLC: what to bring, how the visit "
            "goes, how long it takes, and whether you need a referral."
        ),
        template="pages/new_patients.html",
        breadcrumb=_("New patients"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="procedure_care",
        path=pgettext_noop("URL path", "procedures/before-and-after/"),
        title=_("Before and after your procedure"),
        description=_(
            "How to get ready for an injection or nerve procedure, what the day is like, "
            "how to care for yourself afterward, and the warning signs to act on."
        ),
        template="pages/procedure_care.html",
        breadcrumb=_("Before and after a procedure"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="refills",
        path=pgettext_noop("URL path", "prescription-refills/"),
        title=_("Prescription refills and medicine safety"),
        description=_(
            "How to ask for a prescription refill, and how to keep pain medicines safe: "
            "naloxone, what not to mix, storage and getting rid of unused medicine."
        ),
        template="pages/refills.html",
        breadcrumb=_("Prescription refills"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="financial_policy",
        path=pgettext_noop("URL path", "financial-policy/"),
        title=_("Financial policy: prices, payment plans, missed visits"),
        description=_(
            "What a visit costs if you pay yourself, how to ask about a payment plan, and "
            "what happens if you miss an appointment."
        ),
        template="pages/financial_policy.html",
        breadcrumb=_("Financial policy"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="telehealth",
        path=pgettext_noop("URL path", "telehealth/"),
        title=_("Video and phone visits (telehealth)"),
        description=_(
            "Whether a visit can happen by video or phone, which visits need the office, and "
            "how to get ready for a video visit from home."
        ),
        template="pages/telehealth.html",
        breadcrumb=_("Telehealth"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="medical_records",
        path=pgettext_noop("URL path", "medical-records/"),
        title=_("Getting a copy of your medical records"),
        description=_(
            "Your right to see and get a copy of your medical records, how to ask, how long "
            "it takes under Maryland law, and how to ask for a correction."
        ),
        template="pages/medical_records.html",
        breadcrumb=_("Medical records"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="insurance",
        path=pgettext_noop("URL path", "insurance/"),
        title=_("Insurance and billing"),
        description=_(
            "Insurance plans, billing questions, and your right to a Good Faith Estimate of "
            "costs if you are uninsured or paying for care yourself."
        ),
        template="pages/insurance.html",
        breadcrumb=_("Insurance and billing"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="faq",
        path=pgettext_noop("URL path", "faq/"),
        title=_("Questions patients ask"),
        description=_(
            "Answers about sedation, driving after a procedure, our opioid prescribing policy, "
            "how long a visit takes, and more."
        ),
        template="pages/faq.html",
        breadcrumb=_("Questions"),
        updated=date(2026, 12, 6),
        schema_type="FAQPage",
        main_entity="questions",
    ),
    SitePage(
        url_name="contact",
        path=pgettext_noop("URL path", "contact/"),
        title=_("Contact, hours and directions"),
        description=_(
            "Call Pain Management Associates LLC, find our office in Greenbelt, Maryland: "
            "hours, parking, public transit and building access."
        ),
        template="pages/contact.html",
        breadcrumb=_("Contact"),
        updated=date(2026, 12, 6),
        schema_type="ContactPage",
        main_entity="clinic",
    ),
    SitePage(
        url_name="privacy",
        path=pgettext_noop("URL path", "privacy/"),
        title=_("Website privacy notice"),
        description=_(
            "How Pain Management Associates LLC uses, protects and keeps the information "
            "you send when you request an appointment on this website."
        ),
        template="pages/privacy.html",
        breadcrumb=_("Website privacy"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="notice_of_privacy_practices",
        path=pgettext_noop("URL path", "notice-of-privacy-practices/"),
        title=_("Notice of Privacy Practices"),
        description=_(
            "How Pain Management Associates LLC may use and share your health information, "
            "your rights over it, and how to make a complaint."
        ),
        template="pages/notice_of_privacy_practices.html",
        breadcrumb=_("Notice of Privacy Practices"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="nondiscrimination",
        path=pgettext_noop("URL path", "nondiscrimination/"),
        title=_("Nondiscrimination and language help"),
        description=_(
            "We do not discriminate. Free interpreters, sign language and other aids, with "
            "language assistance taglines in the languages of Maryland."
        ),
        template="pages/nondiscrimination.html",
        breadcrumb=_("Nondiscrimination"),
        updated=date(2026, 12, 6),
    ),
    SitePage(
        url_name="accessibility",
        path=pgettext_noop("URL path", "accessibility/"),
        title=_("Accessibility statement"),
        description=_(
            "Our commitment to making the Pain Management Associates LLC website usable by "
            "everyone, the standard we follow, and how to tell us about a problem."
        ),
        template="pages/accessibility.html",
        breadcrumb=_("Accessibility"),
        updated=date(2026, 11, 25),
    ),
)

ARTICLES = (
    Article(
        slug=pgettext_noop("URL slug", "failed-back-surgery-do-this-now"),
        title=_("Failed Back Surgery? Do This Now"),
        description=_(
            "After back surgery, you expect pain to improve. If you've had a failed back "
            "surgery, here's what you can do next to reduce your back pain."
        ),
        teaser=_("Still in pain after back surgery?"),
        conditions=("failed-back-surgery-syndrome",),
        published=date(2025, 6, 2),
        updated=date(2026, 12, 6),
    ),
)

_FAILED_BACK_SURGERY = ("failed-back-surgery-do-this-now",)

SERVICES = (
    Service(
        slug=pgettext_noop("URL slug", "physical-therapy-and-exercise"),
        title=_("Physical therapy and gentle exercise"),
        description=_(
            "Physical therapy and gentle exercise for lasting back pain, including pain after "
            "back surgery: what it involves and how we arrange it with a therapist."
        ),
        summary=_("Guided movement and exercise to rebuild strength, flexibility and confidence."),
        schema_type="PhysicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "not given in our office"),
            pgettext_lazy("serious risk", "refers you to a licensed physical therapist"),
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug=pgettext_noop("URL slug", "nsaids"),
        title=_("Anti-inflammatory medication (NSAIDs)"),
        description=_(
            "How nonsteroidal anti-inflammatory drugs (NSAIDs) can ease back pain and "
            "inflammation, who they suit, and the serious risks to know about."
        ),
        summary=_("Medication that reduces inflammation and pain, used with care and review."),
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "heart attack or stroke"),
            pgettext_lazy("serious risk", "bleeding"),
            pgettext_lazy("serious risk", "heart bypass surgery"),
            pgettext_lazy("serious risk", "20 weeks of pregnancy"),
            pgettext_lazy("serious risk", "spinal fusion"),
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug=pgettext_noop("URL slug", "nerve-blocks"),
        title=_("Nerve blocks"),
        description=_(
            "Nerve blocks for back and neck pain in Greenbelt, MD: an injection near specific "
            "nerves to ease pain and find its source. What to expect, and the risks."
        ),
        summary=_("An injection near specific nerves to ease pain and help find its source."),
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "seizures"),
            pgettext_lazy("serious risk", "ringing in the ears"),
            pgettext_lazy("serious risk", "Injections in the neck"),
            pgettext_lazy("serious risk", "stroke"),
        ),
        updated=date(2026, 12, 6),
    ),
    Service(
        slug=pgettext_noop("URL slug", "epidural-steroid-injections"),
        title=_("Epidural steroid injections"),
        description=_(
            "Epidural steroid injections for back and leg pain: how they calm inflamed spinal "
            "nerves, who may benefit, the visit, and the rare serious risks."
        ),
        summary=_("Anti-inflammatory medicine placed near irritated spinal nerves."),
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "stroke"),
            pgettext_lazy("serious risk", "loss of vision"),
            pgettext_lazy("serious risk", "paralysis"),
            pgettext_lazy("serious risk", "death"),
            pgettext_lazy("serious risk", "not for injection into the epidural space"),
            pgettext_lazy("serious risk", "just outside the sac that holds the spinal cord"),
            pgettext_lazy(
                "serious risk", "helped little or no more than an injection of numbing medicine alone"
            ),
        ),
        updated=date(2026, 12, 6),
    ),
    Service(
        slug=pgettext_noop("URL slug", "electrical-stimulation"),
        title=_("Electrical stimulation"),
        description=_(
            "Electrical stimulation for chronic back pain, from TENS units to spinal cord "
            "stimulation: how it changes pain signals, what to expect, and the risks."
        ),
        summary=_("Mild electrical pulses that change how pain signals reach the brain."),
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "not enough good evidence"),
            pgettext_lazy("serious risk", "diathermy"),
            pgettext_lazy("serious risk", "paralysis"),
            pgettext_lazy("serious risk", "did not give enough relief, or stopped giving it"),
            pgettext_lazy("serious risk", "unexpected effects from the stimulation"),
            pgettext_lazy("serious risk", "more surgery to fix, move, replace or remove"),
            pgettext_lazy("serious risk", "probably does not give lasting relief"),
            pgettext_lazy("serious risk", "drops by about half (50%)"),
            pgettext_lazy("serious risk", "Warning signs after an implant"),
            pgettext_lazy("serious risk", "When we are closed:"),
        ),
        updated=date(2026, 12, 6),
    ),
    Service(
        slug=pgettext_noop("URL slug", "radiofrequency-ablation"),
        title=_("Radiofrequency ablation"),
        description=_(
            "Radiofrequency ablation heats small nerves that carry back or neck pain signals "
            "so they stop sending them for a while. Who it may help, and the risks."
        ),
        summary=_("Heat from radio waves applied to small nerves to quiet long-lasting pain signals."),
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "80 to 90 °C"),
            pgettext_lazy("serious risk", "skin burns"),
        ),
        updated=date(2026, 12, 6),
    ),
    Service(
        slug=pgettext_noop("URL slug", "implantable-pain-pump"),
        title=_("Implantable pain pump"),
        description=_(
            "An implantable pain pump delivers small doses of medicine into the spinal fluid. "
            "Who may be a candidate, the trial, living with a pump, and the risks."
        ),
        summary=_("A small device that delivers pain medicine into the fluid around the spinal cord."),
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "morphine"),
            pgettext_lazy("serious risk", "ziconotide"),
            pgettext_lazy("serious risk", "overdose"),
            pgettext_lazy("serious risk", "slow or shallow breathing"),
            pgettext_lazy("serious risk", "at refills"),
            pgettext_lazy("serious risk", "thoughts of suicide"),
            pgettext_lazy("serious risk", "meningitis"),
            pgettext_lazy("serious risk", "press on the spinal cord"),
            pgettext_lazy("serious risk", "not approved for pumps"),
            pgettext_lazy("serious risk", "dosing mistakes, pump failure, withdrawal, infection"),
            pgettext_lazy("serious risk", "boxed warning"),
            pgettext_lazy("serious risk", "addiction, misuse and abuse"),
            pgettext_lazy("serious risk", "keep naloxone at home"),
            pgettext_lazy("serious risk", "If your pump alarm sounds"),
            pgettext_lazy("serious risk", "When we are closed:"),
        ),
        updated=date(2026, 12, 6),
    ),
    Service(
        slug=pgettext_noop("URL slug", "behavioral-modification"),
        title=_("Behavioral modification"),
        description=_(
            "Lifestyle and behavioral changes that help manage chronic back pain: sleep, "
            "activity pacing, stress, weight and coping skills, with support."
        ),
        summary=_("Practical changes to daily habits that lessen pain's hold on your life."),
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            pgettext_lazy("serious risk", "988"),
            pgettext_lazy("serious risk", "refer you to a psychologist or counselor"),
        ),
        updated=date(2026, 11, 25),
    ),
)

CONDITIONS = (
    Condition(
        slug="failed-back-surgery-syndrome",
        name=_("Failed back surgery syndrome"),
        summary=_(
            "Back or leg pain that continues, comes back or gets worse after back surgery. "
            "Scar tissue, a new disc problem or pressure on a nerve can play a part, and "
            "sometimes no single cause is found."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "nerve-blocks",
            "epidural-steroid-injections",
            "electrical-stimulation",
            "radiofrequency-ablation",
            "implantable-pain-pump",
            "behavioral-modification",
        ),
    ),
    Condition(
        slug="sciatica",
        name=_("Sciatica"),
        summary=_(
            "Pain that spreads from the low back down the buttock and leg, often with "
            "tingling or numbness. It happens when a nerve root in the low back is squeezed "
            "or irritated, often by a disc."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "epidural-steroid-injections",
            "nerve-blocks",
        ),
    ),
    Condition(
        slug="spinal-stenosis",
        name=_("Spinal stenosis"),
        summary=_(
            "A narrowing of the spaces inside the spine, most often from wear with age. It can "
            "cause pain, tingling or heaviness in the legs when you stand or walk, which eases "
            "when you sit or bend forward."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "epidural-steroid-injections",
        ),
        evidence_note=_(
            "For spinal stenosis, a large study found that a steroid injection helped little or "
            "no more than an injection of numbing medicine alone."
        ),
    ),
    Condition(
        slug="herniated-disc",
        name=_("Herniated disc"),
        summary=_(
            "The soft center of a disc between two bones of the spine pushes out and can press "
            "on a nearby nerve. Many herniated discs get better over weeks to months without "
            "surgery."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "epidural-steroid-injections",
            "nerve-blocks",
        ),
    ),
    Condition(
        slug="neck-pain",
        name=_("Neck pain"),
        summary=_(
            "Lasting pain in the neck, sometimes spreading to the shoulder or arm. It can come "
            "from the small joints of the neck, from a disc, or from a pinched nerve."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "nerve-blocks",
            "radiofrequency-ablation",
            "epidural-steroid-injections",
        ),
    ),
)


def url_slug(slug):
    """An article's or a service's slug as the URL of the active language spells it."""
    return pgettext("URL slug", slug)


def article_at(slug_in_url):
    """The article whose URL, in the active language, ends in ``slug_in_url``."""
    return next((article for article in ARTICLES if url_slug(article.slug) == slug_in_url), None)


def service_at(slug_in_url):
    """The service whose URL, in the active language, ends in ``slug_in_url``."""
    return next((service for service in SERVICES if url_slug(service.slug) == slug_in_url), None)


def get_article(slug):
    return next((article for article in ARTICLES if article.slug == slug), None)


def get_service(slug):
    return next((service for service in SERVICES if service.slug == slug), None)


def get_condition(slug):
    return next((condition for condition in CONDITIONS if condition.slug == slug), None)


def get_site_page(url_name):
    return next(page for page in SITE_PAGES if page.url_name == url_name)


def page_paths():
    """The path of every page the registry makes (site pages, articles and services), in
    every language of the site."""
    paths = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths |= {entry.get_absolute_url() for entry in (*SITE_PAGES, *ARTICLES, *SERVICES)}
    return paths
