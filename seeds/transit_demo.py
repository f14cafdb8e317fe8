"""The demo's public-transport feed: a few real rail lines of the Hauts-de-France, coaches to
Saint-Pol-sur-Ternoise and town buses around Béthune, with plausible but FICTIONAL timetables.
Named as demonstration data in the feed itself (agency, feed_info) and in the README."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

from geo.gazetteer import Gazetteer

NAME = "demo-hauts-de-france"
AGENCY = "Démonstration Passerelle — horaires fictifs"


@dataclass(frozen=True)
class Line:
    route_id: str
    short_name: str
    route_type: int  # 2 rail, 3 bus (and coach)
    stops: tuple[tuple[str, str], ...]  # (commune, department), in order
    minutes: int  # end to end
    departures: tuple[str, ...] = ()  # from the first stop; the return leaves the last stop at the same times
    headway_min: int = 0  # a town bus every N minutes, 06:00 to 09:30 (frequencies.txt)


LINES = (
    Line(
        "K51",
        "K51",
        2,
        (
            ("Saint-Pol-sur-Ternoise", "62"),
            ("Tincques", "62"),
            ("Aubigny-en-Artois", "62"),
            ("Maroeuil", "62"),
            ("Arras", "62"),
        ),
        40,
        ("06:12", "06:52", "07:32", "08:12", "08:47"),
    ),
    Line(
        "K20",
        "K20",
        2,
        (("Béthune", "62"), ("Beuvry", "62"), ("La Bassée", "59"), ("Don", "59"), ("Lille", "59")),
        45,
        ("06:05", "06:35", "07:05", "07:35", "08:05", "08:35"),
    ),
    Line(
        "K30",
        "K30",
        2,
        (("Lens", "62"), ("Pont-à-Vendin", "62"), ("Bauvin", "59"), ("Don", "59"), ("Lille", "59")),
        38,
        ("06:10", "06:40", "07:10", "07:40", "08:10", "08:40"),
    ),
    Line(
        "K80",
        "K80",
        2,
        (
            ("Amiens", "80"),
            ("Ailly-sur-Somme", "80"),
            ("Picquigny", "80"),
            ("Hangest-sur-Somme", "80"),
            ("Longpré-les-Corps-Saints", "80"),
            ("Pont-Remy", "80"),
            ("Abbeville", "80"),
        ),
        38,
        ("06:18", "07:02", "07:40", "08:18", "08:50"),
    ),
    Line(
        "C515",
        "515",
        3,
        (("Frévent", "62"), ("Ligny-sur-Canche", "62"), ("Saint-Pol-sur-Ternoise", "62")),
        22,
        ("06:25", "07:03", "07:48", "08:25"),
    ),
    Line(
        "C520", "520", 3, (("Hesdin", "62"), ("Vieil-Hesdin", "62"), ("Frévent", "62")), 25, ("06:30", "07:20", "08:10")
    ),
    Line("B1", "1", 3, (("Bruay-la-Buissière", "62"), ("Fouquereuil", "62"), ("Béthune", "62")), 24, headway_min=15),
    Line(
        "B2",
        "2",
        3,
        (("Nœux-les-Mines", "62"), ("Labourse", "62"), ("Beuvry", "62"), ("Béthune", "62")),
        20,
        headway_min=20,
    ),
)


def demo_feed(gazetteer: Gazetteer, today: date) -> bytes:
    """The feed as a GTFS zip, valid from a month ago to a year ahead, on weekdays."""
    stops: dict[str, tuple[str, float, float]] = {}
    trips, times, freqs, routes = [], [], [], []
    for line in LINES:
        ids = []
        for commune, department in line.stops:
            c = gazetteer.resolve(commune, department=department)
            kind = "Gare" if line.route_type == 2 else "Arrêt"
            stop_id = f"{kind[0]}{c.insee_code}"
            # Stations sit a few hundred metres from the town hall.
            stops.setdefault(stop_id, (f"{kind} de {c.name}", c.lat + 0.002, c.lon + 0.002))
            ids.append(stop_id)
        routes.append(f"{line.route_id},DEMO,{line.short_name},,{line.route_type}")
        step = line.minutes / (len(ids) - 1)
        starts = line.departures or ("05:00",)
        for direction, order in ((0, ids), (1, ids[::-1])):
            for k, start in enumerate(starts):
                trip = f"{line.route_id}-{direction}-{k}"
                trips.append(f"{line.route_id},WK,{trip},{direction}")
                h, m = map(int, start.split(":"))
                for seq, stop_id in enumerate(order):
                    at = h * 60 + m + round(seq * step)
                    clock = f"{at // 60:02d}:{at % 60:02d}:00"
                    times.append(f"{trip},{clock},{clock},{stop_id},{seq + 1}")
                if line.headway_min:
                    freqs.append(f"{trip},06:00:00,09:30:00,{line.headway_min * 60}")
    first, last = today - timedelta(days=30), today + timedelta(days=365)
    files = {
        "agency.txt": f"agency_id,agency_name,agency_url,agency_timezone\nDEMO,{AGENCY},https://passerelle.example,Europe/Paris\n",
        "feed_info.txt": f"feed_publisher_name,feed_publisher_url,feed_lang\n{AGENCY},https://passerelle.example,fr\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n"
        + "".join(f"{i},{n},{la:.6f},{lo:.6f}\n" for i, (n, la, lo) in stops.items()),
        "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\n" + "\n".join(routes) + "\n",
        "trips.txt": "route_id,service_id,trip_id,direction_id\n" + "\n".join(trips) + "\n",
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + "\n".join(times) + "\n",
        "frequencies.txt": "trip_id,start_time,end_time,headway_secs\n" + "\n".join(freqs) + "\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        f"WK,1,1,1,1,1,0,0,{first:%Y%m%d},{last:%Y%m%d}\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()
