"""The input boundary (samtrygg/inputs.py): the security probe's requests with NUL, other control
characters and lone surrogates answer a Swedish 400, never a 500 (PostgreSQL refuses NUL)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from samtrygg import inputs


@pytest.fixture
def anonymous(db):
    return Client(raise_request_exception=False)


def test_it_refuses_nul_in_the_path_with_a_swedish_page(anonymous):
    response = anonymous.get("/medborgarloften/%00/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "otillåtna tecken" in response.content.decode()


def test_it_refuses_nul_in_the_token_username_with_json(anonymous):
    response = anonymous.post("/api/v1/auth/token", {"username": "a\u0000b", "password": "x"}, "application/json")
    assert response.status_code == 400
    assert "otillåtna tecken" in response.json()["detail"]


def test_it_refuses_nul_in_the_calendar_token(anonymous):
    response = anonymous.get("/api/v1/calendar.ics?token=%00")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("query", ["q=%00", "q=a%01b", "%00=1", "status=%0b"])
def test_it_refuses_control_characters_in_any_list_query(login, query):
    response = login("coordinator.lomma").get(f"/k/1262/handelser/?{query}")
    assert response.status_code == 400


def test_it_keeps_tab_newline_and_carriage_return(login):
    response = login("coordinator.lomma").get("/k/1262/handelser/?q=a%09b%0d%0ac")
    assert response.status_code == 200


def test_it_refuses_a_lone_surrogate_escape_in_json(api):
    body = '{"username": "a\\ud800b", "password": "x"}'
    response = Client().post("/api/v1/auth/token", body, "application/json")
    assert response.status_code == 400
    # A proper pair (an emoji) is fine.
    body = '{"username": "a\\ud83d\\ude00b", "password": "x"}'
    request = RequestFactory().post("/api/v1/auth/token", body, "application/json")
    assert not inputs.request_has_forbidden(request)


def test_it_refuses_a_nul_escape_deep_in_a_json_body(api):
    body = json.dumps({"a": [{"b": ["ok", "x\u0000"]}]})
    response = api("coordinator.lomma").post("/api/v1/status-reports/1", body, "application/json")
    assert response.status_code == 400


def test_it_refuses_nul_in_a_status_report_body(api):
    client = api("coordinator.lomma")
    response = client.post("/api/v1/status-reports/1", {"situation": "Läget\u0000"}, "application/json")
    assert response.status_code == 400


def test_it_refuses_nul_in_a_form_field(login):
    response = login("coordinator.lomma").post("/k/1262/rapportera/", {"description": "Klotter\x00"})
    assert response.status_code == 400


def test_it_does_not_look_into_an_uploaded_file(login):
    """A NUL in a file's content is the importer's business (Django's parser already replaces
    one in the file's name)."""
    client = login("coordinator.lomma")
    nul_content = SimpleUploadedFile("a.csv", b"a,b\x00\r\n", content_type="text/csv")
    assert client.post("/k/1262/rapportera/", {"file": nul_content}).status_code != 400


def test_it_refuses_nul_in_the_authorization_header(db):
    response = Client(headers={"Authorization": "Bearer a\x00b"}).get("/api/v1/incidents?municipality=1262")
    assert response.status_code == 400


def test_check_text():
    assert inputs.check_text("Rad 1\r\nRad 2\tslut") == "Rad 1\r\nRad 2\tslut"
    for bad in ("a\x00", "a\x0b", "a\ud800", "a\uffff"):
        with pytest.raises(ValidationError):
            inputs.check_text(bad)
    with pytest.raises(ValidationError):
        inputs.check_text("a\nb", multiline=False)
    with pytest.raises(ValidationError, match="högst 3 tecken"):
        inputs.check_text("abcd", max_length=3)


def test_coordinate_and_parse_id():
    assert inputs.coordinate("55.7", kind="lat") == 55.7
    for bad in ("nan", "inf", 999, -91, None, "x"):
        with pytest.raises(ValidationError):
            inputs.coordinate(bad, kind="lat")
    assert inputs.coordinate(-180, kind="lon") == -180
    assert not inputs.valid_position(55.7, 999)
    assert inputs.parse_id("12") == 12
    assert inputs.parse_id("١٢") is None
    assert inputs.parse_id(" 12") is None
    assert inputs.parse_id("1_2") is None
    assert inputs.parse_id("²") is None  # "²".isdigit() is True, int("²") raises
    assert inputs.parse_id("2147483647") == 2147483647
    assert inputs.parse_id("2147483648") is None


# Finding 4: a valid lat with an invalid lon answered 500 (within_municipality(lat, None)).
REPORT = {
    "municipality": "1262",
    "occurred_at": "2026-11-27T21:30:00+01:00",
    "category": "skadegorelse-klotter",
    "description": "Klotter på busskuren vid torget.",
}


@pytest.mark.parametrize("lat, lon", [(55.7, 999), (999, 13.02), (55.7, "x"), (55.7, -181)])
def test_a_report_with_one_bad_coordinate_is_a_422_on_the_api(api, lat, lon):
    response = api("coordinator.lomma").post(
        "/api/v1/incidents", {**REPORT, "lat": lat, "lon": lon}, "application/json"
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) & {"lat", "lon"}


def test_a_report_with_one_bad_coordinate_is_a_form_error(login):
    client = login("coordinator.lomma")
    data = {"category": "", "description": "Klotter på busskuren.", "lat": "55.7", "lon": "999"}
    response = client.post("/k/1262/rapportera/", data)
    assert response.status_code in (200, 422)
    assert "Longitud" in response.content.decode() or "180" in response.content.decode()


def test_the_duplicate_check_with_one_bad_coordinate_answers(login):
    response = login("coordinator.lomma").get(
        "/k/1262/rapportera/dubbletter/?lat=55.7&lon=999&occurred_at=2026-11-27T21:30&category=1"
    )
    assert response.status_code == 200


def test_a_walk_observation_refuses_an_infinite_position():
    assert not inputs.valid_position(float("inf"), 13.0)
    assert not inputs.valid_position(55.7, float("nan"))


# Lengths: an API text longer than its column is a 422 before PostgreSQL's "value too long".
def test_a_too_long_walk_title_is_a_422(api):
    client = api("coordinator.lomma")
    walk = {"municipality": "1262", "title": "t" * 201, "starts_at": "2026-12-10T18:00:00+01:00"}
    response = client.post("/api/v1/walks", walk, "application/json")
    assert response.status_code == 422 and "title" in response.json()["errors"]
    response = client.post(
        "/api/v1/walks", {**walk, "title": "Kvällsvandring", "meeting_point": "m" * 201}, "application/json"
    )
    assert response.status_code == 422 and "meeting_point" in response.json()["errors"]


def test_a_too_long_tip_email_is_a_422(db):
    tip = {
        "municipality": "1262",
        "lat": 55.7175,
        "lon": 13.0245,
        "text": "Trasig lampa.",
        "email": "a" * 250 + "@x.se",
    }
    response = Client().post("/api/v1/public/tips", tip, "application/json")
    assert response.status_code == 422


@pytest.mark.parametrize("value", ["²", "99999999999999999999"])
def test_odd_digits_in_a_form_id_answer_without_a_500(anonymous, value):
    data = {"walk": value, "email": "kim@example.se", "name": "Kim"}
    assert anonymous.post("/trygghetsvandringar/1262/prenumerera/", data).status_code < 500
    tip = {"category": value, "lat": "55.7175", "lon": "13.0245", "text": "Trasig lampa vid torget."}
    assert anonymous.post("/tips/1262/", tip).status_code < 500


def test_a_session_cookie_with_nul_is_dropped(anonymous):
    anonymous.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = anonymous.get("/")
    assert response.status_code < 500
