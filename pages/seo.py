"""Search and sharing metadata: page titles, breadcrumbs and the JSON-LD graph.

Every public page carries one linked schema.org graph: the website, the clinic
(MedicalClinic, offering each service in the registry) and its physician on every page,
plus nodes for the page itself and its breadcrumb trail, and what the page is about: an
article's posting, a treatment, the conditions, the questions, a medical review. Every
node is built here; views in any app get the graph by using ``PublicPageMixin`` (or
one of the ``*_graph`` functions below), and templates only render it
(``templatetags/page_head.py``). The tests hold every node to schema.org's vocabulary.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pages import faq, registry
from practice.clinic import Clinic

SCHEMA_CONTEXT = "https://schema.org"
SCHEMA = "https://schema.org/"
# The practice's own images: the social card for shared links, the logo for search results.
SOCIAL_CARD = "img/social-card.png"
LOGO = "img/logo.png"


# The language of a page as structured data and Open Graph name it.
LANGUAGE_TAGS = {"en": "en-US", "es": "es-US"}


def in_language():
    """The active language's tag (a page under /es/ is es-US)."""
    return LANGUAGE_TAGS[get_language() or settings.LANGUAGE_CODE]


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def social_card_url():
    return absolute(static(SOCIAL_CARD))


def website_id():
    return absolute("/#website")


def clinic_id():
    return absolute("/#clinic")


def physician_id():
    return absolute("/#physician")


def service_id(service):
    return absolute(service.get_absolute_url()) + "#service"


def condition_id(condition):
    return absolute(condition.get_absolute_url())


@dataclass(frozen=True)
class LanguageTwin:
    """A page in one of the site's languages: its code, the language's own name, its path."""

    code: str
    name: str
    path: str


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    og_type: str = "website"
    published: date | None = None
    modified: date | None = None
    # False for pages that only make sense after an action (the thank-you page).
    indexable: bool = True


def service_node(service):
    node = {
        "@type": service.schema_type,
        "@id": service_id(service),
        "name": service.title,
        "description": service.description,
        "url": absolute(service.get_absolute_url()),
    }
    if service.procedure_type:
        node["procedureType"] = SCHEMA + service.procedure_type
    return node


def condition_node(condition):
    return {
        "@type": "MedicalCondition",
        "@id": condition_id(condition),
        "name": condition.name,
        "description": condition.summary,
        "url": absolute(condition.get_absolute_url()),
        "possibleTreatment": [{"@id": service_id(service)} for service in condition.services],
    }


def opening_hours_specification(clinic):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA + day for day in days],
            "opens": opens,
            "closes": closes,
        }
        for days, opens, closes in clinic.opening_hours_groups
    ]


def physician_node(clinic):
    """The physician: a person who is an individual physician, credentials once confirmed."""
    node = {
        # IndividualPhysician carries practicesAt; Person lets the clinic name him an employee.
        "@type": ["IndividualPhysician", "Person"],
        "@id": physician_id(),
        "name": clinic.physician,
        "jobTitle": "Anesthesiologist and pain management specialist",
        "medicalSpecialty": SCHEMA + "Anesthesia",
        "practicesAt": {"@id": clinic_id()},
        "worksFor": {"@id": clinic_id()},
        "url": absolute(reverse("pages:about")),
    }
    credentials = []
    if clinic.physician_board:
        credentials.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Board certification",
                "recognizedBy": {"@type": "Organization", "name": clinic.physician_board},
            }
        )
    credentials += [
        {"@type": "EducationalOccupationalCredential", "credentialCategory": "Training", "name": training}
        for training in clinic.physician_training
    ]
    if credentials:
        node["hasCredential"] = credentials
    if clinic.physician_affiliations:
        node["hospitalAffiliation"] = [
            {"@type": "Hospital", "name": hospital} for hospital in clinic.physician_affiliations
        ]
    return node


def site_nodes(services_offered=False):
    """The website, the clinic and its physician, on every page; with the treatments the
    clinic offers where a page lists them (``services_offered``), not on every page, whose
    size a new treatment would otherwise grow."""
    clinic = Clinic.from_settings()
    nodes = [
        {
            "@type": "WebSite",
            "@id": website_id(),
            "url": absolute("/"),
            "name": clinic.name,
            "inLanguage": in_language(),
            "publisher": {"@id": clinic_id()},
        },
        {
            "@type": "MedicalClinic",
            "@id": clinic_id(),
            "name": clinic.name,
            "url": absolute("/"),
            "logo": absolute(static(LOGO)),
            "image": social_card_url(),
            "telephone": clinic.phone_href.removeprefix("tel:"),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": clinic.street_address,
                "addressLocality": clinic.locality,
                "addressRegion": clinic.region,
                "postalCode": clinic.postal_code,
                "addressCountry": "US",
            },
            "openingHours": clinic.opening_hours,
            "openingHoursSpecification": opening_hours_specification(clinic),
            "medicalSpecialty": SCHEMA + "Anesthesia",
            "isAcceptingNewPatients": True,
            "employee": {"@id": physician_id()},
        },
        physician_node(clinic),
    ]
    if services_offered:
        clinic_node = next(node for node in nodes if node["@type"] == "MedicalClinic")
        clinic_node["availableService"] = [service_node(service) for service in registry.SERVICES]
    return nodes


def breadcrumb_node(page_url, crumbs):
    return {
        "@type": "BreadcrumbList",
        "@id": page_url + "#breadcrumb",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.label,
                "item": {"@type": "WebPage", "@id": absolute(crumb.url), "name": crumb.label},
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def page_graph(
    *,
    url,
    meta,
    page_type="WebPage",
    crumbs=(),
    extra=None,
    main_entity=None,
    nodes=(),
    services_offered=False,
):
    """The whole JSON-LD document for one page.

    ``extra`` holds properties specific to the page node (dates, author);
    ``main_entity`` is the node the page is about: a node of its own (a service, added
    to the graph), a reference to a site node (``{"@id": ...}``) or a list of either;
    ``nodes`` are further nodes the page describes.
    """
    page_url = absolute(url)
    page = {
        "@type": page_type,
        "@id": page_url + "#webpage",
        "url": page_url,
        "name": meta.title,
        "description": meta.description,
        "inLanguage": in_language(),
        "isPartOf": {"@id": website_id()},
        "publisher": {"@id": clinic_id()},
        **(extra or {}),
    }
    graph = site_nodes(services_offered)
    if main_entity:
        entities = main_entity if isinstance(main_entity, list) else [main_entity]
        page["mainEntity"] = [{"@id": entity["@id"]} if "@id" in entity else entity for entity in entities]
        if len(entities) == 1:
            page["mainEntity"] = page["mainEntity"][0]
        graph += [entity for entity in entities if "@id" in entity and set(entity) != {"@id"}]
    graph += list(nodes)
    if crumbs:
        page["breadcrumb"] = {"@id": page_url + "#breadcrumb"}
        graph.append(breadcrumb_node(page_url, crumbs))
    graph.append(page)
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def question_node(question):
    return {
        "@type": "Question",
        "name": question.question,
        "acceptedAnswer": {"@type": "Answer", "text": question.answer},
    }


def review_claim(review):
    """What a page says in its structured data about a recorded medical review (nothing if none)."""
    if review is None:
        return {}
    clinic = Clinic.from_settings()
    reviewer = (
        {"@id": physician_id()}
        if review.reviewer == clinic.physician
        else {"@type": "Person", "name": review.reviewer}
    )
    return {"lastReviewed": review.reviewed_on.isoformat(), "reviewedBy": reviewer}


# The nodes a site page can be about, by the registry's name for them (SitePage.main_entity).
MAIN_ENTITIES = {
    "physician": lambda: {"@id": physician_id()},
    "clinic": lambda: {"@id": clinic_id()},
    "conditions": lambda: [condition_node(condition) for condition in registry.CONDITIONS],
    "questions": lambda: [question_node(question) for question in faq.QUESTIONS],
}


def site_page_graph(page, *, url, meta, page_type, crumbs):
    """The graph of a site page (``registry.SitePage``): the home page, about, the questions..."""
    return page_graph(
        url=url,
        meta=meta,
        page_type=page_type,
        crumbs=crumbs,
        extra={"dateModified": page.updated.isoformat()},
        main_entity=MAIN_ENTITIES[page.main_entity]() if page.main_entity else None,
        services_offered=page.lists_services,
    )


def article_graph(article, review, *, url, meta, page_type, crumbs):
    """The graph of an article's page: a medical web page whose main entity is the article
    as a blog posting (for rich results), about the conditions it names."""
    page_url = absolute(url)
    conditions = [registry.get_condition(slug) for slug in article.conditions]
    about = [{"@id": condition_id(condition)} for condition in conditions]
    posting = {
        "@type": "BlogPosting",
        "@id": page_url + "#article",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published.isoformat(),
        "dateModified": article.updated.isoformat(),
        "author": {"@id": clinic_id()},
        "publisher": {"@id": clinic_id()},
        "image": social_card_url(),
        "inLanguage": in_language(),
        "mainEntityOfPage": {"@id": page_url + "#webpage"},
        "about": about,
    }
    return page_graph(
        url=url,
        meta=meta,
        page_type=page_type,
        crumbs=crumbs,
        extra={
            "headline": article.title,
            "datePublished": article.published.isoformat(),
            "dateModified": article.updated.isoformat(),
            "author": {"@id": clinic_id()},
            **review_claim(review),
            "about": about,
        },
        main_entity=posting,
        nodes=[condition_node(condition) for condition in conditions],
        # The article names the treatments, and its conditions point at them.
        services_offered=True,
    )


def service_graph(service, review, *, url, meta, page_type, crumbs):
    """The graph of a treatment's page: the treatment is its main entity."""
    return page_graph(
        url=url,
        meta=meta,
        page_type=page_type,
        crumbs=crumbs,
        extra={
            "dateModified": service.updated.isoformat(),
            **review_claim(review),
            "relatedLink": [absolute(article.get_absolute_url()) for article in service.related_articles],
        },
        main_entity=service_node(service),
    )


class PublicPageMixin:
    """Gives a public page its title, description, breadcrumbs and structured data.

    Set ``page_title``, ``page_description`` and ``breadcrumb_label`` (leave it empty
    for the home page), or override the ``get_*`` methods.
    """

    page_title = ""
    page_description = ""
    breadcrumb_label = ""
    schema_page_type = "WebPage"
    # Pages reached only after an action say so to search engines (robots noindex).
    indexable = True

    def get_page_meta(self):
        return PageMeta(title=self.page_title, description=self.page_description, indexable=self.indexable)

    def get_breadcrumbs(self):
        if not self.breadcrumb_label:
            return []
        return [Crumb(_("Home"), reverse("pages:home")), Crumb(self.breadcrumb_label, self.request.path)]

    def get_structured_data(self, meta, crumbs):
        return page_graph(url=self.request.path, meta=meta, page_type=self.schema_page_type, crumbs=crumbs)

    def get_path_in(self, language):
        """This page's path in ``language``: the same route's (see RegistryEntryView for
        pages whose slug is translated too)."""
        return translate_url(self.request.path, language)

    def get_language_twins(self):
        """The page in each of the site's languages, English (the x-default) first."""
        return [LanguageTwin(code, name, self.get_path_in(code)) for code, name in settings.LANGUAGES]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.get_page_meta()
        crumbs = self.get_breadcrumbs()
        context.update(
            meta=meta,
            breadcrumbs=crumbs,
            structured_data=self.get_structured_data(meta, crumbs),
            language_twins=self.get_language_twins(),
        )
        return context
