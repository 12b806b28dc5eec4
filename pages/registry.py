"""The site's content registry: every public page, article, service and condition in one place.

Routes, the services index, the sitemap, navigation and structured data all derive
from these entries. Adding a service is one template under
``templates/pages/services/`` and one ``Service`` entry below; a site page is likewise
one template and one ``SitePage``. Dates are when a page's words last changed (the
tests hold them to the templates' recorded fingerprints).
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse


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
    # "conditions" or "questions" (see SitePageView.main_entities); empty for none.
    main_entity: str = ""

    def get_absolute_url(self):
        return reverse(f"pages:{self.url_name}")


@dataclass(frozen=True, kw_only=True)
class Article:
    """A patient-education article, written and medically reviewed by the practice."""

    slug: str
    title: str
    description: str
    # One line inviting the reader who would want this article ("Still in pain after...?").
    teaser: str
    # Slugs of the conditions the article is about (entries in CONDITIONS).
    conditions: tuple[str, ...] = ()
    published: date
    last_reviewed: date

    @property
    def template(self):
        return f"pages/articles/{self.slug}.html"

    def get_absolute_url(self):
        return reverse("pages:article", args=[self.slug])


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
    # When the page's medical copy was last reviewed; change it only when the copy changes.
    updated: date

    @property
    def template(self):
        return f"pages/services/{self.slug}.html"

    def get_absolute_url(self):
        return reverse("pages:service", args=[self.slug])

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

    def get_absolute_url(self):
        return reverse("pages:conditions") + f"#{self.slug}"

    @property
    def services(self):
        return [get_service(slug) for slug in self.treatments]


SITE_PAGES = (
    SitePage(
        url_name="home",
        path="",
        title="Pain management in Greenbelt, Maryland",
        description=(
            "Pain Management Associates LLC in Greenbelt, MD: Haddis Hagos, MD, treats lasting "
            "back pain, including pain after back surgery. Call or request a visit."
        ),
        template="pages/home.html",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="article_index",
        path="blog/",
        title="Patient education articles",
        description=(
            "Plain-language articles from Pain Management Associates LLC about back pain, "
            "failed back surgery and the treatments that can help."
        ),
        template="pages/article_index.html",
        breadcrumb="Articles",
        updated=date(2026, 11, 25),
        schema_type="CollectionPage",
    ),
    SitePage(
        url_name="service_index",
        path="services/",
        title="Treatments we offer",
        description=(
            "Treatments for lasting back pain at Pain Management Associates LLC in "
            "Greenbelt, MD: therapy, medication, injections, nerve procedures and more."
        ),
        template="pages/service_index.html",
        breadcrumb="Treatments",
        updated=date(2026, 11, 25),
        schema_type="CollectionPage",
    ),
    SitePage(
        url_name="conditions",
        path="conditions/",
        title="Conditions we treat",
        description=(
            "Failed back surgery syndrome, sciatica, spinal stenosis, herniated discs and neck "
            "pain: what each is and which treatments may help."
        ),
        template="pages/conditions.html",
        breadcrumb="Conditions",
        updated=date(2026, 11, 25),
        schema_type="MedicalWebPage",
        main_entity="conditions",
    ),
    SitePage(
        url_name="about",
        path="about/",
        title="About the practice and Dr. Hagos",
        description=(
            "Meet Haddis Hagos, MD, a board-certified anesthesiologist and pain management "
            "specialist leading Pain Management Associates LLC in Greenbelt, Maryland."
        ),
        template="pages/about.html",
        breadcrumb="About",
        updated=date(2026, 11, 25),
        schema_type="AboutPage",
        main_entity="physician",
    ),
    SitePage(
        url_name="new_patients",
        path="new-patients/",
        title="New patients: what to bring",
        description=(
            "Your first visit to Pain Management Associates LLC: what to bring, how the visit "
            "goes, how long it takes, and whether you need a referral."
        ),
        template="pages/new_patients.html",
        breadcrumb="New patients",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="insurance",
        path="insurance/",
        title="Insurance and billing",
        description=(
            "Insurance plans, billing questions, and your right to a Good Faith Estimate of "
            "costs if you are uninsured or paying for care yourself."
        ),
        template="pages/insurance.html",
        breadcrumb="Insurance and billing",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="faq",
        path="faq/",
        title="Questions patients ask",
        description=(
            "Answers about sedation, driving after a procedure, our opioid prescribing policy, "
            "how long a visit takes, and more."
        ),
        template="pages/faq.html",
        breadcrumb="Questions",
        updated=date(2026, 11, 25),
        schema_type="FAQPage",
        main_entity="questions",
    ),
    SitePage(
        url_name="contact",
        path="contact/",
        title="Contact, hours and directions",
        description=(
            "Call Pain Management Associates LLC, find our office in Greenbelt, Maryland: "
            "hours, parking, public transit and building access."
        ),
        template="pages/contact.html",
        breadcrumb="Contact",
        updated=date(2026, 11, 25),
        schema_type="ContactPage",
        main_entity="clinic",
    ),
    SitePage(
        url_name="privacy",
        path="privacy/",
        title="Website privacy notice",
        description=(
            "How Pain Management Associates LLC uses, protects and keeps the information "
            "you send when you request an appointment on this website."
        ),
        template="pages/privacy.html",
        breadcrumb="Website privacy",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="notice_of_privacy_practices",
        path="notice-of-privacy-practices/",
        title="Notice of Privacy Practices",
        description=(
            "How Pain Management Associates LLC may use and share your health information, "
            "your rights over it, and how to make a complaint."
        ),
        template="pages/notice_of_privacy_practices.html",
        breadcrumb="Notice of Privacy Practices",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="nondiscrimination",
        path="nondiscrimination/",
        title="Nondiscrimination and language help",
        description=(
            "We do not discriminate. Free interpreters, sign language and other aids, with "
            "language assistance taglines in the languages of Maryland."
        ),
        template="pages/nondiscrimination.html",
        breadcrumb="Nondiscrimination",
        updated=date(2026, 11, 25),
    ),
    SitePage(
        url_name="accessibility",
        path="accessibility/",
        title="Accessibility statement",
        description=(
            "Our commitment to making the Pain Management Associates LLC website usable by "
            "everyone, the standard we follow, and how to tell us about a problem."
        ),
        template="pages/accessibility.html",
        breadcrumb="Accessibility",
        updated=date(2026, 11, 25),
    ),
)

ARTICLES = (
    Article(
        slug="failed-back-surgery-do-this-now",
        title="Failed Back Surgery? Do This Now",
        description=(
            "After back surgery, you expect pain to improve. If you've had a failed back "
            "surgery, here's what you can do next to reduce your back pain."
        ),
        teaser="Still in pain after back surgery?",
        conditions=("failed-back-surgery-syndrome",),
        published=date(2025, 6, 2),
        last_reviewed=date(2025, 6, 2),
    ),
)

_FAILED_BACK_SURGERY = ("failed-back-surgery-do-this-now",)

SERVICES = (
    Service(
        slug="physical-therapy-and-exercise",
        title="Physical therapy and gentle exercise",
        description=(
            "Physical therapy and gentle exercise for lasting back pain, including pain after "
            "back surgery: what it involves and how we arrange it with a therapist."
        ),
        summary="Guided movement and exercise to rebuild strength, flexibility and confidence.",
        schema_type="PhysicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "not given in our office",
            "refers you to a licensed physical therapist",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="nsaids",
        title="Anti-inflammatory medication (NSAIDs)",
        description=(
            "How nonsteroidal anti-inflammatory drugs (NSAIDs) can ease back pain and "
            "inflammation, who they suit, and the serious risks to know about."
        ),
        summary="Medication that reduces inflammation and pain, used with care and review.",
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "heart attack or stroke",
            "bleeding",
            "heart bypass surgery",
            "20 weeks of pregnancy",
            "spinal fusion",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="nerve-blocks",
        title="Nerve blocks",
        description=(
            "Nerve blocks for back and neck pain in Greenbelt, MD: an injection near specific "
            "nerves to ease pain and find its source. What to expect, and the risks."
        ),
        summary="An injection near specific nerves to ease pain and help find its source.",
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "seizures",
            "ringing in the ears",
            "Injections in the neck",
            "stroke",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="epidural-steroid-injections",
        title="Epidural steroid injections",
        description=(
            "Epidural steroid injections for back and leg pain: how they calm inflamed spinal "
            "nerves, who may benefit, the visit, and the rare serious risks."
        ),
        summary="Anti-inflammatory medicine placed near irritated spinal nerves.",
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "stroke",
            "loss of vision",
            "paralysis",
            "death",
            "not for injection into the epidural space",
            "just outside the sac that holds the spinal cord",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="electrical-stimulation",
        title="Electrical stimulation",
        description=(
            "Electrical stimulation for chronic back pain, from TENS units to spinal cord "
            "stimulation: how it changes pain signals, what to expect, and the risks."
        ),
        summary="Mild electrical pulses that change how pain signals reach the brain.",
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "not enough good evidence",
            "diathermy",
            "paralysis",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="radiofrequency-ablation",
        title="Radiofrequency ablation",
        description=(
            "Radiofrequency ablation heats small nerves that carry back or neck pain signals "
            "so they stop sending them for a while. Who it may help, and the risks."
        ),
        summary="Heat from radio waves applied to small nerves to quiet long-lasting pain signals.",
        schema_type="MedicalTherapy",
        procedure_type="PercutaneousProcedure",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "80 to 90 °C",
            "skin burns",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="implantable-pain-pump",
        title="Implantable pain pump",
        description=(
            "An implantable pain pump delivers small doses of medicine into the spinal fluid. "
            "Who may be a candidate, the trial, living with a pump, and the risks."
        ),
        summary="A small device that delivers pain medicine into the fluid around the spinal cord.",
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "morphine",
            "ziconotide",
            "overdose",
            "slow or shallow breathing",
            "at refills",
            "thoughts of suicide",
            "meningitis",
            "press on the spinal cord",
        ),
        updated=date(2026, 11, 25),
    ),
    Service(
        slug="behavioral-modification",
        title="Behavioral modification",
        description=(
            "Lifestyle and behavioral changes that help manage chronic back pain: sleep, "
            "activity pacing, stress, weight and coping skills, with support."
        ),
        summary="Practical changes to daily habits that lessen pain's hold on your life.",
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(
            "988",
            "refer you to a psychologist or counselor",
        ),
        updated=date(2026, 11, 25),
    ),
)

CONDITIONS = (
    Condition(
        slug="failed-back-surgery-syndrome",
        name="Failed back surgery syndrome",
        summary=(
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
        name="Sciatica",
        summary=(
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
        name="Spinal stenosis",
        summary=(
            "A narrowing of the spaces inside the spine, most often from wear with age. It can "
            "cause pain, tingling or heaviness in the legs when you stand or walk, which eases "
            "when you sit or bend forward."
        ),
        treatments=(
            "physical-therapy-and-exercise",
            "nsaids",
            "epidural-steroid-injections",
        ),
    ),
    Condition(
        slug="herniated-disc",
        name="Herniated disc",
        summary=(
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
        name="Neck pain",
        summary=(
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


def get_article(slug):
    return next((article for article in ARTICLES if article.slug == slug), None)


def get_service(slug):
    return next((service for service in SERVICES if service.slug == slug), None)


def get_condition(slug):
    return next((condition for condition in CONDITIONS if condition.slug == slug), None)


def get_site_page(url_name):
    return next(page for page in SITE_PAGES if page.url_name == url_name)


def page_paths():
    """The path of every page the registry makes: site pages, articles and services."""
    return {entry.get_absolute_url() for entry in (*SITE_PAGES, *ARTICLES, *SERVICES)}
