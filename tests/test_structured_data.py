"""Every JSON-LD node on every page is valid in schema.org's current vocabulary (release 30.0)."""

import json

import pytest
from django.conf import settings

from practice.clinic import parse_opening_hours
from tests.helpers import PUBLIC_URLS, PageParts
from tests.schema_vocabulary import Vocabulary

VOCABULARY = Vocabulary()
SCHEMA = "https://schema.org/"


def graph_document(client, url):
    return json.loads(PageParts(client.get(url).content.decode()).jsonld[0])


def only(*nodes):
    return {"@context": "https://schema.org", "@graph": list(nodes)}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_node_on_the_page_is_valid_schema_org(client, url):
    problems = VOCABULARY.check_graph(graph_document(client, url))
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_credentials_set_by_the_practice_are_valid_schema_org_too(client, settings):
    settings.CLINIC = {
        **settings.CLINIC,
        "physician_board": "American Board of Anesthesiology",
        "physician_training": ("Residency in anesthesiology, Example University Hospital",),
        "physician_affiliations": ("Example Medical Center",),
        "opening_hours": "Mo-Th 08:00-17:00; Fr 08:00-12:00",
    }
    problems = VOCABULARY.check_graph(graph_document(client, "/about/"))
    assert not problems, "\n".join(problems)


# The checker itself: each kind of mistake it exists to catch.


def test_checker_refuses_practices_at_on_a_physician_which_now_means_a_practice():
    node = {"@type": "Physician", "@id": "#doc", "name": "Dr. X", "practicesAt": {"@id": "#clinic"}}
    clinic = {"@type": "MedicalClinic", "@id": "#clinic", "name": "Clinic"}
    problems = VOCABULARY.check_graph(only(node, clinic))
    assert any("practicesAt: not a property of Physician" in problem for problem in problems)
    node["@type"] = ["IndividualPhysician", "Person"]
    assert VOCABULARY.check_graph(only(node, clinic)) == []


def test_checker_refuses_an_employee_who_is_not_a_person():
    clinic = {"@type": "MedicalClinic", "@id": "#clinic", "employee": {"@id": "#doc"}}
    doctor = {"@type": "IndividualPhysician", "@id": "#doc", "name": "Dr. X"}
    problems = VOCABULARY.check_graph(only(clinic, doctor))
    assert any("employee: a IndividualPhysician where ['Person'] is expected" in p for p in problems)


def test_checker_refuses_unknown_types_properties_and_superseded_terms():
    problems = VOCABULARY.check_graph(
        only({"@type": "PainClinic", "@id": "#a"}, {"@type": "WebPage", "@id": "#b", "colour": "blue"})
    )
    assert any("type PainClinic does not exist" in problem for problem in problems)
    assert any("colour: no such property" in problem for problem in problems)
    problems = VOCABULARY.check_graph(only({"@type": "Organization", "@id": "#c", "members": []}))
    assert any("members: property is superseded" in problem for problem in problems)


def test_checker_refuses_values_of_the_wrong_type():
    page = {
        "@type": "WebPage",
        "@id": "#page",
        "datePublished": "June 2, 2025",
        "isAccessibleForFree": "yes",
        "mainEntity": {"@id": "#nowhere"},
    }
    clinic = {
        "@type": "MedicalClinic",
        "@id": "#clinic",
        "medicalSpecialty": SCHEMA + "Monday",
        "isAcceptingNewPatients": True,
    }
    problems = VOCABULARY.check_graph(only(page, clinic))
    assert any("datePublished: 'June 2, 2025'" in problem for problem in problems)
    assert any("isAccessibleForFree: 'yes'" in problem for problem in problems)
    assert any("refers to #nowhere, which is not in the graph" in problem for problem in problems)
    assert any("medicalSpecialty: 'https://schema.org/Monday'" in problem for problem in problems)
    assert not any("isAcceptingNewPatients" in problem for problem in problems)


def test_checker_checks_nested_nodes_and_allows_properties_of_superclasses():
    clinic = {
        "@type": "MedicalClinic",
        "@id": "#clinic",
        "name": "Clinic",  # from Thing
        "telephone": "+13015550142",  # from Organization and Place
        "address": {"@type": "PostalAddress", "postalCode": 20770},
    }
    problems = VOCABULARY.check_graph(only(clinic))
    assert problems == ["#clinic address postalCode: 20770 is not one of ['Text']"]


# Facts that come from settings reach the graph.


@pytest.mark.django_db
def test_opening_hours_become_an_opening_hours_specification(client, settings):
    settings.CLINIC = {**settings.CLINIC, "opening_hours": "Mo-Th 08:00-17:00; Fr 08:00-12:00"}
    graph = graph_document(client, "/contact/")["@graph"]
    clinic = next(node for node in graph if node["@type"] == "MedicalClinic")
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA + day for day in ("Monday", "Tuesday", "Wednesday", "Thursday")],
            "opens": "08:00",
            "closes": "17:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA + "Friday"],
            "opens": "08:00",
            "closes": "12:00",
        },
    ]


@pytest.mark.parametrize(
    "hours", ["Monday to Friday 9-5", "Mo-Fr 9:00-17:00", "Fr-Mo 09:00-17:00", "Xx 09:00-10:00"]
)
def test_unreadable_opening_hours_are_refused_with_the_part_that_is_wrong(hours):
    with pytest.raises(ValueError, match="'"):
        parse_opening_hours(hours)


def test_unreadable_opening_hours_stop_the_site_at_start_up(settings):
    from pages.checks import opening_hours_are_readable

    assert opening_hours_are_readable(None) == []
    settings.CLINIC = {**settings.CLINIC, "opening_hours": "weekdays"}
    errors = opening_hours_are_readable(None)
    assert [error.id for error in errors] == ["pages.E001"]


@pytest.mark.django_db
def test_physician_credentials_appear_only_once_the_practice_sets_them(client, settings):
    def physician():
        graph = graph_document(client, "/about/")["@graph"]
        return next(node for node in graph if "IndividualPhysician" in node["@type"])

    html = client.get("/about/").content.decode()
    # Unset, a credential is left out rather than shown as a doubt beside the claim.
    assert "Board certification" not in html and "to be confirmed" not in html
    assert "hasCredential" not in physician()
    assert "hospitalAffiliation" not in physician()

    settings.CLINIC = {
        **settings.CLINIC,
        "physician_board": "American Board of Anesthesiology",
        "physician_affiliations": ("Example Medical Center",),
    }
    from django.core.cache import cache

    cache.clear()
    html = client.get("/about/").content.decode()
    assert "<dt>Board certification</dt><dd>American Board of Anesthesiology</dd>" in html
    assert "<dt>Training</dt>" not in html  # training is still unset
    board = physician()["hasCredential"][0]
    assert board["recognizedBy"]["name"] == "American Board of Anesthesiology"
    assert physician()["hospitalAffiliation"] == [{"@type": "Hospital", "name": "Example Medical Center"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, page_type, entity_type",
    [("/about/", "AboutPage", "IndividualPhysician"), ("/contact/", "ContactPage", "MedicalClinic")],
)
def test_about_and_contact_pages_name_their_main_entity(client, url, page_type, entity_type):
    graph = graph_document(client, url)["@graph"]
    page = next(node for node in graph if node["@type"] == page_type)
    entity = next(node for node in graph if node["@id"] == page["mainEntity"]["@id"])
    assert entity_type in entity["@type"]


@pytest.mark.django_db
def test_faq_page_repeats_its_questions_and_answers_word_for_word(client):
    from pages.faq import QUESTIONS

    html = client.get("/faq/").content.decode()
    graph = graph_document(client, "/faq/")["@graph"]
    page = next(node for node in graph if node["@type"] == "FAQPage")
    assert [question["name"] for question in page["mainEntity"]] == [item.question for item in QUESTIONS]
    for question, item in zip(page["mainEntity"], QUESTIONS, strict=True):
        assert question["acceptedAnswer"]["text"] == item.answer
        assert f">{item.question}</h2>" in html
        assert f"<p>{item.answer}</p>" in html.replace("&#x27;", "'")


@pytest.mark.django_db
def test_logo_and_social_card_are_the_practices_own_files(client):
    from django.contrib.staticfiles import finders

    graph = graph_document(client, "/")["@graph"]
    clinic = next(node for node in graph if node["@type"] == "MedicalClinic")
    for url in (clinic["logo"], clinic["image"]):
        assert url.startswith(settings.SITE_URL + "/static/img/")
        assert finders.find(url.removeprefix(settings.SITE_URL + "/static/"))
