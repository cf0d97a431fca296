import datetime

import pytest

from quotes.models import Quote

ADD_URL = "/admin/quotes/quote/add/"
LIST_URL = "/admin/quotes/quote/"


def post_quote(client, url=ADD_URL, **overrides):
    data = {
        "text": "Kein Mensch muss müssen.",
        "author": "Gotthold Ephraim Lessing",
        "source": "Nathan der Weise",
        "month_0": "12",
        "month_1": "2025",
    }
    data.update(overrides)
    return client.post(url, data)


@pytest.fixture
def errors():
    def collect(response):
        form = response.context["adminform"].form
        return [message for messages in form.errors.values() for message in messages]

    return collect


def test_add_form_picks_month_and_year_in_two_selects_with_german_names(frozen, admin_client):
    html = admin_client.get(ADD_URL).content.decode()

    assert '<select name="month_0"' in html
    assert '<select name="month_1"' in html
    assert '<option value="3">März</option>' in html
    assert '<option value="12" selected>Dezember</option>' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert 'type="date"' not in html
    assert "Jetzt auf der Seite" not in html


def test_add_form_proposes_the_next_month_without_a_quote(frozen, make_quote, admin_client):
    make_quote(2025, 12)
    make_quote(2026, 1)

    html = admin_client.get(ADD_URL).content.decode()

    assert '<option value="2" selected>Februar</option>' in html
    assert '<option value="2026" selected>2026</option>' in html


def test_adding_a_quote_stores_the_first_of_the_chosen_month(frozen, admin_client):
    response = post_quote(admin_client, month_0="2", month_1="2026")

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert quote.month == datetime.date(2026, 2, 1)
    assert quote.source == "Nathan der Weise"


def test_a_second_quote_for_a_taken_month_is_refused_in_german(
    frozen, make_quote, admin_client, errors
):
    make_quote(2025, 12, text="Der erste.")

    response = post_quote(admin_client, text="Der zweite.")

    assert response.status_code == 200
    assert errors(response) == [
        "Für diesen Monat gibt es schon ein Zitat. Bitte wählen Sie einen anderen Monat "
        "oder bearbeiten Sie das vorhandene Zitat."
    ]
    assert list(Quote.objects.values_list("text", flat=True)) == ["Der erste."]
    # Nothing the author typed is lost: the form comes back filled in.
    assert "Der zweite.</textarea>" in response.content.decode()


def test_moving_a_quote_onto_a_taken_month_is_refused(frozen, make_quote, admin_client, errors):
    make_quote(2025, 12)
    november = make_quote(2025, 11, text="November bleibt.")

    response = post_quote(
        admin_client, url=f"{LIST_URL}{november.pk}/change/", text="November bleibt."
    )

    assert "Für diesen Monat gibt es schon ein Zitat" in errors(response)[0]
    november.refresh_from_db()
    assert november.month == datetime.date(2025, 11, 1)


def test_editing_a_quote_keeps_its_own_month(frozen, make_quote, admin_client):
    quote = make_quote(2025, 12, text="Erste Fassung.")

    response = post_quote(admin_client, url=f"{LIST_URL}{quote.pk}/change/", text="Zweite.")

    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Zweite."


@pytest.mark.parametrize("text", ["", "   \n  ", "„“", '""'])
def test_empty_text_is_refused_in_german(frozen, admin_client, errors, text):
    response = post_quote(admin_client, text=text)

    assert response.status_code == 200
    assert errors(response) in (
        ["Dieses Feld ist zwingend erforderlich."],
        ["Bitte geben Sie den Wortlaut des Zitats ein."],
    )
    assert not Quote.objects.exists()


def test_overlong_text_is_refused_in_german_and_kept_in_the_form(frozen, admin_client, errors):
    text = "Sehr lang. " * 50  # 550 characters, 549 once trimmed

    response = post_quote(admin_client, text=text)

    assert errors(response) == [
        "Das Zitat ist zu lang: höchstens 500 Zeichen, jetzt sind es 549. "
        "Bitte kürzen Sie es (gern mit „…“)."
    ]
    assert not Quote.objects.exists()
    assert text.strip() in response.content.decode()


def test_quotation_marks_the_author_pasted_are_removed(frozen, admin_client):
    post_quote(admin_client, text="  „Kein Mensch muss müssen.“ ")

    assert Quote.objects.get().text == "Kein Mensch muss müssen."


@pytest.mark.parametrize(
    ("month", "year", "message"),
    [
        ("13", "2025", "Bitte wählen Sie einen Monat aus der Liste."),
        ("0", "2025", "Bitte wählen Sie einen Monat aus der Liste."),
        ("Dez", "2025", "Bitte wählen Sie einen Monat aus der Liste."),
        ("12", "1800", "Bitte wählen Sie ein Jahr aus der Liste."),
        ("12", "99999", "Bitte wählen Sie ein Jahr aus der Liste."),
    ],
)
def test_a_tampered_month_or_year_is_refused(frozen, admin_client, errors, month, year, message):
    response = post_quote(admin_client, month_0=month, month_1=year)

    assert response.status_code == 200
    assert errors(response) == [message]
    assert not Quote.objects.exists()


def test_a_missing_month_is_refused_in_german(frozen, admin_client, errors):
    response = post_quote(admin_client, month_0="", month_1="2025")

    assert errors(response) == ["Bitte wählen Sie Monat und Jahr."]


def test_an_old_quotes_year_stays_selectable(frozen, make_quote, admin_client):
    quote = make_quote(1999, 5)

    html = admin_client.get(f"{LIST_URL}{quote.pk}/change/").content.decode()

    assert '<option value="1999" selected>1999</option>' in html


def test_list_names_months_in_german_and_marks_the_live_quote(frozen, make_quote, admin_client):
    make_quote(2025, 10)
    make_quote(2025, 11)
    make_quote(2026, 1)

    html = admin_client.get(LIST_URL).content.decode()

    assert "November 2025" in html
    assert "Januar 2026" in html
    assert html.count("● Jetzt auf der Seite") == 1
    assert html.index("November 2025") < html.index("● Jetzt auf der Seite")
    assert html.count("Archiv</td>") == 1
    assert html.count("Geplant</td>") == 1


def test_list_costs_the_same_queries_for_many_quotes(
    frozen, make_quote, admin_client, django_assert_max_num_queries
):
    for month in range(1, 13):
        make_quote(2024, month)

    # 1. session  2. user  3. filtered count  4. total count  5. the page, with the live
    # month as a subquery (no query per row)  6. whether the one welcome mail exists (the
    # sidebar's "add" link)
    with django_assert_max_num_queries(6):
        admin_client.get(LIST_URL)


def test_change_form_shows_whether_the_quote_is_live(frozen, make_quote, admin_client):
    quote = make_quote(2025, 12)

    html = admin_client.get(f"{LIST_URL}{quote.pk}/change/").content.decode()

    assert "● Jetzt auf der Seite" in html


def test_a_quote_saved_in_the_admin_shows_on_the_site_at_once(
    frozen, make_quote, admin_client, client
):
    quote = make_quote(2025, 12, text="Vorher.")
    assert "Vorher." in client.get("/").content.decode()  # now a cached page, too

    post_quote(admin_client, url=f"{LIST_URL}{quote.pk}/change/", text="Nachher.")

    aside = client.get("/").content.decode().split("<aside", 1)[1]
    assert "Nachher." in aside
