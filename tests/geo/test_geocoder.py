from geopy.exc import GeocoderTimedOut

from geo.geocoder import BanGeocoder, GazetteerGeocoder


class FakeBan:
    def __init__(self, answer=None, error=None):
        self.answer, self.error = answer, error

    def geocode(self, query):
        if self.error:
            raise self.error
        return self.answer


class Found:
    latitude, longitude = 50.5301, 2.6402


def test_gazetteer_geocoder_uses_the_commune(gazetteer):
    bethune = gazetteer.by_insee("62119")
    place = GazetteerGeocoder().geocode("1 rue Haute", bethune)
    assert place.point == bethune.point
    assert place.precision == "commune"


def test_ban_geocoder_street_level(gazetteer):
    place = BanGeocoder(gazetteer, client=FakeBan(Found())).geocode("1 rue Haute", gazetteer.by_insee("62119"))
    assert place.precision == "address"
    assert place.point.lat == 50.5301


def test_ban_timeout_falls_back_to_the_commune_and_says_so(gazetteer):
    bethune = gazetteer.by_insee("62119")
    place = BanGeocoder(gazetteer, client=FakeBan(error=GeocoderTimedOut("slow"))).geocode("x", bethune)
    assert place.point == bethune.point
    assert "indisponible" in place.note


def test_ban_not_found_falls_back(gazetteer):
    place = BanGeocoder(gazetteer, client=FakeBan(None)).geocode("nowhere", gazetteer.by_insee("62119"))
    assert place.precision == "commune"
    assert "non trouvée" in place.note
