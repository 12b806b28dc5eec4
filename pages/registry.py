"""The site's content registry: every public page, article and service in one place.

Routes, the services index, the sitemap, navigation and structured data all derive
from these entries. Adding a service is one template under
``templates/pages/services/`` and one ``Service`` entry below.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse


@dataclass(frozen=True, kw_only=True)
class SitePage:
    """A page with a fixed URL of its own (home, about, contact, legal pages)."""

    url_name: str
    title: str
    description: str
    template: str
    # The page's own entry in the breadcrumb trail; the home page has none.
    breadcrumb: str = ""
    updated: date

    def get_absolute_url(self):
        return reverse(f"pages:{self.url_name}")


@dataclass(frozen=True, kw_only=True)
class Article:
    """A patient-education article, written and medically reviewed by the practice."""

    slug: str
    title: str
    description: str
    template: str
    published: date
    last_reviewed: date

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
    # schema.org type: MedicalProcedure for procedures, MedicalTherapy (or a subtype) otherwise.
    schema_type: str
    updated: date

    @property
    def template(self):
        return f"pages/services/{self.slug}.html"

    def get_absolute_url(self):
        return reverse("pages:service", args=[self.slug])


CONTENT_UPDATED = date(2026, 11, 25)

SITE_PAGES = (
    SitePage(
        url_name="home",
        title="Pain management in Greenbelt, Maryland",
        description=(
            "Pain Management Associates LLC in Greenbelt, MD: Haddis Hagos, MD, treats "
            "lasting back pain, including pain after failed back surgery. Call or request "
            "an appointment."
        ),
        template="pages/home.html",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="article_index",
        title="Patient education articles",
        description=(
            "Plain-language articles from Pain Management Associates LLC about back pain, "
            "failed back surgery and the treatments that can help."
        ),
        template="pages/article_index.html",
        breadcrumb="Articles",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="service_index",
        title="Treatments we offer",
        description=(
            "Treatments for lasting back pain at Pain Management Associates LLC in "
            "Greenbelt, MD: therapy, medication, injections, nerve procedures and more."
        ),
        template="pages/service_index.html",
        breadcrumb="Treatments",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="about",
        title="About the practice and Dr. Hagos",
        description=(
            "Meet Haddis Hagos, MD, a board-certified anesthesiologist and pain management "
            "specialist leading Pain Management Associates LLC in Greenbelt, Maryland."
        ),
        template="pages/about.html",
        breadcrumb="About",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="contact",
        title="Contact us: phone, address and hours",
        description=(
            "Call Pain Management Associates LLC, find our office in Greenbelt, Maryland, "
            "see our opening hours, or request an appointment online."
        ),
        template="pages/contact.html",
        breadcrumb="Contact",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="privacy",
        title="Privacy notice",
        description=(
            "How Pain Management Associates LLC uses, protects and keeps the information "
            "you send when you request an appointment on this website."
        ),
        template="pages/privacy.html",
        breadcrumb="Privacy",
        updated=CONTENT_UPDATED,
    ),
    SitePage(
        url_name="accessibility",
        title="Accessibility statement",
        description=(
            "Our commitment to making the Pain Management Associates LLC website usable by "
            "everyone, the standard we follow, and how to tell us about a problem."
        ),
        template="pages/accessibility.html",
        breadcrumb="Accessibility",
        updated=CONTENT_UPDATED,
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
        template="pages/articles/failed-back-surgery-do-this-now.html",
        published=date(2025, 6, 2),
        last_reviewed=date(2025, 6, 2),
    ),
)

SERVICES = (
    Service(
        slug="physical-therapy-and-exercise",
        title="Physical therapy and gentle exercise",
        description=(
            "Guided physical therapy and gentle exercise for lasting back pain, including "
            "pain after back surgery, at Pain Management Associates LLC in Greenbelt, MD."
        ),
        summary="Guided movement and exercise to rebuild strength, flexibility and confidence.",
        schema_type="PhysicalTherapy",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="nsaids",
        title="Anti-inflammatory medication (NSAIDs)",
        description=(
            "How nonsteroidal anti-inflammatory drugs (NSAIDs) can ease back pain and "
            "inflammation, who they suit, and the side effects to know about."
        ),
        summary="Medication that reduces inflammation and pain, used with care and review.",
        schema_type="MedicalTherapy",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="nerve-blocks",
        title="Nerve blocks",
        description=(
            "Nerve blocks for back pain in Greenbelt, MD: an injection near specific nerves "
            "to ease pain and help find where it comes from. What to expect."
        ),
        summary="An injection near specific nerves to ease pain and help find its source.",
        schema_type="MedicalProcedure",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="epidural-steroid-injections",
        title="Epidural steroid injections",
        description=(
            "Epidural steroid injections for back and leg pain: how the injection calms "
            "inflamed spinal nerves, who may benefit, and what the visit is like."
        ),
        summary="Anti-inflammatory medicine placed near irritated spinal nerves.",
        schema_type="MedicalProcedure",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="electrical-stimulation",
        title="Electrical stimulation",
        description=(
            "Electrical stimulation for chronic back pain, from TENS units to spinal cord "
            "stimulation: how it changes pain signals and what to expect."
        ),
        summary="Mild electrical pulses that change how pain signals reach the brain.",
        schema_type="MedicalTherapy",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="radiofrequency-ablation",
        title="Radiofrequency ablation",
        description=(
            "Radiofrequency ablation uses gentle heat on small nerves that carry back pain "
            "signals. Who it may help, how it is done, and what recovery is like."
        ),
        summary="Gentle heat applied to small nerves to quiet long-lasting pain signals.",
        schema_type="MedicalProcedure",
        updated=CONTENT_UPDATED,
    ),
    Service(
        slug="implantable-pain-pump",
        title="Implantable pain pump",
        description=(
            "An implantable pain pump delivers small doses of medicine near the spinal "
            "cord. Who may be a candidate, the trial, and living with a pump."
        ),
        summary="A small device that delivers pain medicine directly near the spinal cord.",
        schema_type="MedicalProcedure",
        updated=CONTENT_UPDATED,
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
        updated=CONTENT_UPDATED,
    ),
)


def get_article(slug):
    return next((article for article in ARTICLES if article.slug == slug), None)


def get_service(slug):
    return next((service for service in SERVICES if service.slug == slug), None)


def get_site_page(url_name):
    return next(page for page in SITE_PAGES if page.url_name == url_name)
