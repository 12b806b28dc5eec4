"""Search and sharing metadata: page titles, breadcrumbs and the JSON-LD graph.

Every public page carries one linked schema.org graph: the clinic (MedicalClinic,
offering each service in the registry) and its physician on every page, plus nodes
for the page itself and its breadcrumb trail. Views in any app get all of it by
using ``PublicPageMixin``.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from pages.registry import SERVICES
from practice.clinic import Clinic

SCHEMA_CONTEXT = "https://schema.org"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def clinic_id():
    return absolute("/#clinic")


def physician_id():
    return absolute("/#physician")


def service_id(service):
    return absolute(service.get_absolute_url()) + "#service"


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


def service_node(service):
    return {
        "@type": service.schema_type,
        "@id": service_id(service),
        "name": service.title,
        "description": service.description,
        "url": absolute(service.get_absolute_url()),
    }


def site_nodes():
    """The clinic and its physician: the same nodes on every page."""
    clinic = Clinic.from_settings()
    return [
        {
            "@type": "MedicalClinic",
            "@id": clinic_id(),
            "name": clinic.name,
            "url": absolute("/"),
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
            "medicalSpecialty": "Anesthesia",
            "availableService": [service_node(service) for service in SERVICES],
            "employee": {"@id": physician_id()},
        },
        {
            "@type": "Physician",
            "@id": physician_id(),
            "name": clinic.physician,
            "medicalSpecialty": "Anesthesia",
            "practicesAt": {"@id": clinic_id()},
            "url": absolute(reverse("pages:about")),
        },
    ]


def breadcrumb_node(page_url, crumbs):
    return {
        "@type": "BreadcrumbList",
        "@id": page_url + "#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.label, "item": absolute(crumb.url)}
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def page_graph(*, url, meta, page_type="WebPage", crumbs=(), extra=None, main_entity=None):
    """The whole JSON-LD document for one page.

    ``extra`` holds properties specific to the page node (dates, author);
    ``main_entity`` is a node the page is about (a service), added to the graph.
    """
    page_url = absolute(url)
    page = {
        "@type": page_type,
        "@id": page_url + "#webpage",
        "url": page_url,
        "name": meta.title,
        "description": meta.description,
        "inLanguage": "en-US",
        "publisher": {"@id": clinic_id()},
        **(extra or {}),
    }
    graph = site_nodes()
    if main_entity:
        page["mainEntity"] = {"@id": main_entity["@id"]}
        graph.append(main_entity)
    if crumbs:
        page["breadcrumb"] = {"@id": page_url + "#breadcrumb"}
        graph.append(breadcrumb_node(page_url, crumbs))
    graph.append(page)
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


class PublicPageMixin:
    """Gives a public page its title, description, breadcrumbs and structured data.

    Set ``page_title``, ``page_description`` and ``breadcrumb_label`` (leave it empty
    for the home page), or override the ``get_*`` methods.
    """

    page_title = ""
    page_description = ""
    breadcrumb_label = ""
    schema_page_type = "WebPage"

    def get_page_meta(self):
        return PageMeta(title=self.page_title, description=self.page_description)

    def get_breadcrumbs(self):
        if not self.breadcrumb_label:
            return []
        return [Crumb("Home", reverse("pages:home")), Crumb(self.breadcrumb_label, self.request.path)]

    def get_structured_data(self, meta, crumbs):
        return page_graph(url=self.request.path, meta=meta, page_type=self.schema_page_type, crumbs=crumbs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.get_page_meta()
        crumbs = self.get_breadcrumbs()
        context.update(
            meta=meta,
            breadcrumbs=crumbs,
            structured_data=self.get_structured_data(meta, crumbs),
        )
        return context
