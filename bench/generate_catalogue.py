"""A national-size public programme for the catalogue benchmark (not a test).

Fills a database through the project's bulk path: `load_reference` (régions, académies,
départements), then bassins, ~60,000 schools, one campaign per school year (3 by default) with
an edition per académie, and N published actions with their schools, themes, partners and temps
forts (bulk_create), indexed into the catalogue's read model by `sps.catalogue.index` in batches.

Deterministic: the same `--seed` and sizes give the same rows (ids included on a fresh database).
Texts are French with a Zipf-like vocabulary: a few words are very common (« parents »,
« orientation », « élèves »), « théâtre » is moderately common, most words are rare.

    .venv/bin/python bench/generate_catalogue.py --seed 1 --actions 100000 --database-url sqlite:////tmp/bench.sqlite3
    .venv/bin/python bench/generate_catalogue.py --seed 1 --actions 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/sps_bench

The database is recreated from scratch (the SQLite file deleted, the PostgreSQL database dropped
and created again). Prints the time of each step and the database size, and writes them to
bench/results/generate_catalogue.json.
"""

import argparse
import datetime
import json
import os
import platform
import random
import sys
import time
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "generate_catalogue.json"
CHUNK = 5000  # actions generated, inserted and indexed per transaction

# --- French texts --------------------------------------------------------------------------------
# The head of the vocabulary, most frequent first (rank 0 is the most common word). The tail is made
# of generated words, each rare. With the weights below and ~40 content words per fiche, « parents »
# is in about a quarter of the fiches, « théâtre » in about 5 %, a word of rank 1,000 in 0.5 %, and
# a word of the tail in a few hundred fiches per million.
HEAD = """parents orientation élèves persévérance réussite scolaire collège lycée classe projet
atelier rencontre métiers avenir estime soi confiance décrochage famille partenaires
professionnels semaine découverte échanges temps fort valorisation talents parcours motivation
bienveillance citoyenneté climat solidarité coopération engagement accompagnement tutorat
entretien conseil ambassadeurs forum exposition débat heure vie café lecture écriture musique
chorale sport danse cinéma vidéo radio journal podcast arbre chaîne humaine défi jeu quiz
théâtre improvisation éloquence concours slam poésie photo fresque graffiti jardin cuisine
numérique robotique sciences mathématiques histoire géographie langues anglais espagnol
allemand théâtral sortie visite entreprise stage apprentissage alternance formation insertion
mission locale cordées réussite mentorat binôme pairs délégués conseil vie collégienne
lycéenne internat externat restauration santé bien-être sommeil alimentation harcèlement
prévention égalité filles garçons handicap inclusion allophones ulis segpa erea mlds foquale
cpe infirmière psychologue assistante sociale professeur principal documentaliste
bibliothèque médiathèque musée patrimoine mémoire commémoration environnement développement
durable biodiversité recyclage éco-délégués climat énergie mobilité vélo randonnée nature
montagne mer fleuve ville quartier commune village rural urbain transport covoiturage
goûter petit-déjeuner repas convivialité fête spectacle représentation scène costumes décors
marionnettes conte récit témoignage ancien élève parrain marraine réseau association club
foyer maison lycéens étudiants université campus bts cpge bac pro cap seconde troisième
sixième cm2 liaison école collège transition accueil rentrée intégration cohésion
""".split()
SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi mo mu na ne ni no "
    "pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo gra tre pla bri clo fran "
    "mon ver sal lan cha chè gué tré dé ré mé"
).split()
ENDINGS = ("", "", "e", "s", "tion", "ment", "age", "ette", "ier", "eur", "ique", "elle", "on", "ard")
STOPWORDS = "de la le les des et pour avec en du au aux un une sur dans par autour entre".split()
KINDS = [
    "Atelier",
    "Café des parents",
    "Rencontre",
    "Forum",
    "Exposition",
    "Soirée des talents",
    "Débat",
    "Journée",
    "Défi",
    "Speed-meeting",
    "Chaîne humaine",
    "Arbre de la persévérance",
    "Concours",
    "Visite",
    "Spectacle",
]
COMMUNE_PARTS = (
    "Saint Sainte Mont Val Pont Bourg Villeneuve Neuville Beau Fontaine Roche Château Bois Champ "
    "Clos Port Marais Plessis Mesnil Villiers"
).split()
COMMUNE_TAILS = (
    "sur-Mer sur-Loire sur-Seine les-Bains en-Forêt le-Grand le-Petit la-Rivière des-Prés du-Lac "
    "d'Or sous-Bois la-Côte".split()
)
PERSONS = (
    "Jean Moulin,Victor Hugo,Louise Michel,Jules Ferry,Marie Curie,Jean Jaurès,Simone Veil,Albert Camus,"
    "George Sand,Paul Éluard,Jacques Prévert,Colette,Pierre Mendès France,Olympe de Gouges,Émile Zola,"
    "Lucie Aubrac,Germaine Tillion,Joséphine Baker,Antoine de Saint-Exupéry,Jean de La Fontaine"
).split(",")
SCHOOL_KINDS = [  # kind, weight, name prefix
    ("ecole_maternelle", 25, "École maternelle"),
    ("ecole_elementaire", 30, "École élémentaire"),
    ("ecole_primaire", 20, "École primaire"),
    ("college", 11, "Collège"),
    ("lycee_gt", 4, "Lycée"),
    ("lycee_pro", 3, "Lycée professionnel"),
    ("lycee_polyvalent", 2, "Lycée polyvalent"),
    ("erea", 1, "EREA"),
    ("cio", 1, "CIO"),
]
LEVELS_OF_KIND = {
    "ecole_maternelle": ["maternelle"],
    "ecole_elementaire": ["elementaire"],
    "ecole_primaire": ["maternelle", "elementaire"],
    "college": ["6e", "5e", "4e", "3e"],
    "lycee_gt": ["2nde", "1re", "terminale"],
    "lycee_pro": ["lycee_pro"],
    "lycee_polyvalent": ["2nde", "1re", "terminale", "lycee_pro", "post_bac"],
    "erea": ["lycee_pro", "4e", "3e"],
    "cio": ["3e", "2nde", "mlds"],
}


class Vocabulary:
    def __init__(self, rng: random.Random, tail: int = 40_000, offset: float = 20.0):
        words = list(dict.fromkeys(HEAD))
        seen = set(words)
        while len(words) < len(HEAD) + tail:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(ENDINGS)
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cum_weights = list(accumulate(1.0 / (rank + offset) for rank in range(len(words))))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def text(self, rng: random.Random, k: int, limit: int) -> str:
        out = []
        for word in self.sample(rng, k):
            if rng.random() < 0.5:
                out.append(rng.choice(STOPWORDS))
            out.append(word)
        text = " ".join(out)
        return (text[:1].upper() + text[1:])[: limit - 1] + "."


# --- The database --------------------------------------------------------------------------------


def reset_database(database_url: str) -> None:
    """An empty database at this URL (the SQLite file removed, the PostgreSQL database recreated)."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///").removeprefix("sqlite://"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_size_mb() -> float:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return round(cursor.fetchone()[0] / 1e6, 1)
    name = Path(connection.settings_dict["NAME"])
    return round(sum(Path(f"{name}{s}").stat().st_size for s in ("", "-wal") if Path(f"{name}{s}").exists()) / 1e6, 1)


def generate(*, seed: int, actions: int, schools: int = 60_000, campaigns: int = 3, log=print) -> dict:
    """Fill the (migrated, reference-loaded) current database. Returns the timings of each step."""
    from django.db import transaction

    from sps.actions.enums import IdeaCategory
    from sps.actions.models import IdeaModel
    from sps.catalogue import counts
    from sps.territories.models import Academy, Bassin, Department

    rng = random.Random(seed)
    timings = {}
    started = time.perf_counter()
    vocabulary = Vocabulary(random.Random(seed + 1))

    with transaction.atomic():
        departments = list(Department.objects.select_related("academy").order_by("code"))
        Bassin.objects.bulk_create(
            Bassin(name=f"Bassin {n} {rng.choice(COMMUNE_PARTS)}", department=department, code=f"B{department.code}{n}")
            for department in departments
            for n in range(1, 4 + (department.code < "50"))
        )
        bassins_of = {}
        for bassin in Bassin.objects.filter(code__startswith="B").order_by("pk"):
            bassins_of.setdefault(bassin.department_id, []).append(bassin)
        school_rows = _schools(rng, schools, departments, bassins_of)
        academies = sorted({d.academy_id for d in departments})
        editions, themes_of = _editions(rng, campaigns, Academy.objects.filter(pk__in=academies).order_by("pk"))
        models_by_category = {}
        for model in IdeaModel.objects.exclude(category="").order_by("pk"):
            models_by_category.setdefault(model.category, model.pk)
        if not models_by_category:
            for category in IdeaCategory.values:
                model = IdeaModel.objects.create(slug=f"bench-{category}", title=category, category=category)
                models_by_category[category] = model.pk
        partners = _partners(rng, vocabulary, academies)
    timings["reference_s"] = round(time.perf_counter() - started, 1)
    log(f"référentiel : {len(school_rows)} établissements, {len(editions)} éditions ({timings['reference_s']} s)")

    context = {
        "rng": rng,
        "vocabulary": vocabulary,
        "schools": school_rows,
        "school_weights": list(accumulate([1] * len(school_rows))),
        "editions": editions,
        "themes_of": themes_of,
        "idea_models": [models_by_category[c] for c in sorted(models_by_category)],
        "partners": partners,
        "bassins_of": bassins_of,
        "departments": {d.pk: d for d in departments},
    }
    insert_s = index_s = 0.0
    done = 0
    while done < actions:
        size = min(CHUNK, actions - done)
        with transaction.atomic():
            t0 = time.perf_counter()
            ids = _insert_actions(context, size)
            t1 = time.perf_counter()
            _index(ids)
            t2 = time.perf_counter()
        insert_s += t1 - t0
        index_s += t2 - t1
        done += size
        if done % 100_000 == 0 or done == actions:
            log(f"… {done} actions ({insert_s:.0f} s d'insertion, {index_s:.0f} s d'indexation)")
    t0 = time.perf_counter()
    counts.refresh_all()
    timings["counts_s"] = round(time.perf_counter() - t0, 1)
    timings["insert_s"] = round(insert_s, 1)
    timings["index_s"] = round(index_s, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    return timings


def replicate(times: int, log=print) -> float:
    """Multiply the generated fiches and their catalogue rows by `times`, by SQL copies with shifted
    ids (INSERT … SELECT): the quick way to a national size when the generator's Python path is
    too slow on a shared machine. Copies keep their edition, schools, texts and dates, so word and
    facet frequencies keep their proportions; a copy is an ordinary published action with its own
    entry. Returns the seconds spent."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from sps.actions.models import Action, ActionPartner, Occurrence
    from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueSchool, CatalogueText, CatalogueTheme

    started = time.perf_counter()
    models = [
        Action,
        Action.schools.through,
        Action.themes.through,
        Occurrence,
        ActionPartner,
        CatalogueEntry,
        CatalogueText,
        CatalogueSchool,
        CatalogueTheme,
        CatalogueDay,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        top = {}
        for model in models:
            cursor.execute(f"SELECT COALESCE(MAX({model._meta.pk.column}), 0) FROM {model._meta.db_table}")
            top[model] = cursor.fetchone()[0]
        for k in range(1, times):
            for model in models:
                columns, values = [], []
                for field in model._meta.concrete_fields:
                    columns.append(connection.ops.quote_name(field.column))
                    target = field.related_model if field.is_relation else None
                    if target in (Action, CatalogueEntry) and field.column != "reconducted_from_id":
                        values.append(f"{field.column} + {top[target] * k}")
                    elif field.primary_key:
                        values.append(f"{field.column} + {top[model] * k}")
                    else:
                        values.append(connection.ops.quote_name(field.column))
                if model is CatalogueEntry and connection.vendor == "postgresql":
                    columns.append("document")  # the full-text document (not a Django field)
                    values.append("document")
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(values)} FROM {model._meta.db_table} WHERE {model._meta.pk.column} <= {top[model]}"
                )
            # SQLite: the FTS5 rows of the copies, the originals' texts under the shifted ids
            # (PostgreSQL copied the document with the entry).
            shift = top[CatalogueEntry] * k
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"INSERT INTO catalogue_fts (rowid, title, body, rest) SELECT rowid + {shift}, title, body, rest "
                    f"FROM catalogue_fts WHERE rowid <= {top[CatalogueEntry]}"
                )
            log(f"… copie {k + 1}/{times}")
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m in models if m is not CatalogueText]):
            cursor.execute(sql)
    from sps.catalogue import counts

    counts.refresh_all()
    return round(time.perf_counter() - started, 1)


def fill_search_if_missing(log=print) -> None:
    """A database generated before the full-text index existed: index its entries' text (the
    entry's own columns: title, summary, search_text)."""
    from django.db import connection, transaction

    from sps.catalogue import search
    from sps.catalogue.models import CatalogueEntry

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT COUNT(*) FROM catalogue_catalogueentry WHERE document IS NOT NULL")
        else:
            cursor.execute("SELECT COUNT(*) FROM catalogue_fts")
        indexed = cursor.fetchone()[0]
    total = CatalogueEntry.objects.count()
    if indexed >= total:
        return
    log(f"index plein texte : {total} entrées")
    with transaction.atomic():
        search.clear()
        last = 0
        while batch := list(CatalogueEntry.objects.filter(id__gt=last).order_by("id").prefetch_related("text")[:5000]):
            search.update(batch)
            last = batch[-1].pk


def _index(ids):
    from sps.catalogue import index

    index.index_new_actions(ids, refresh_counts=False)


def _schools(rng, total, departments, bassins_of):
    from sps.schools.models import School
    from sps.schools.uai import uai_check_letter

    kinds, weights = zip(*[(k, w) for k, w, _ in SCHOOL_KINDS], strict=True)
    prefixes = {k: p for k, _, p in SCHOOL_KINDS}
    communes_of = {
        d.pk: sorted({f"{rng.choice(COMMUNE_PARTS)}-{rng.choice(COMMUNE_TAILS)}" for _ in range(40)})
        for d in departments
    }
    batch = []
    for n in range(total):
        department = departments[rng.randrange(len(departments))]
        kind = rng.choices(kinds, weights)[0]
        digits = f"{9000000 + n:07d}"
        uai = digits + uai_check_letter(digits)
        name = f"{prefixes[kind]} {rng.choice(PERSONS)}"
        commune = rng.choice(communes_of[department.pk])
        batch.append(
            School(
                uai=uai,
                name=name,
                kind=kind,
                commune=commune,
                postal_code=f"{department.code[:2]:0<2}000"[:5],
                department=department,
                bassin=rng.choice(bassins_of[department.pk]),
                sector="public",
                latitude=round(rng.uniform(42.5, 50.5), 5),
                longitude=round(rng.uniform(-4.5, 7.5), 5),
                search_key=School.build_search_key(uai=uai, name=name, commune=commune, postal_code="00000"),
            )
        )
    School.objects.bulk_create(batch, batch_size=2000)
    return list(School.objects.filter(uai__startswith="9").order_by("pk").values_list("pk", "kind", "department_id"))


def _editions(rng, campaigns, academies):
    from sps.editions.enums import EditionStatus
    from sps.editions.models import Campaign, Edition, EditionTheme

    this_year = 2026
    editions = {}
    themes_of = {}
    for n in range(campaigns):
        start = this_year - campaigns + 1 + n
        campaign, _ = Campaign.objects.get_or_create(school_year=f"{start}-{start + 1}")
        for academy in academies:
            monday = datetime.date(start, 11, 16) + datetime.timedelta(days=7 * rng.randrange(3))
            monday -= datetime.timedelta(days=monday.weekday())
            edition = Edition.objects.create(
                campaign=campaign,
                academy=academy,
                ordinal=n + 1,
                week_start=monday,
                week_end=monday + datetime.timedelta(days=4),
                status=EditionStatus.PUBLISHED,
                published_at=datetime.datetime(start, 10, 1, tzinfo=datetime.UTC),
            )
            editions[(campaign.school_year, academy.pk)] = edition
            themes_of[edition.pk] = [
                EditionTheme.objects.create(edition=edition, title=title, order=i).pk
                for i, title in enumerate(["Oser", "Coopérer", "S'orienter"])
            ]
    return editions, themes_of


def _partners(rng, vocabulary, academies):
    from sps.actions.models import Partner

    names = set()
    rows = []
    for n in range(3000):
        academy = academies[n % len(academies)] if n % 5 else None
        name = f"{rng.choice(['Association', 'Compagnie', 'Ville de', 'Entreprise', 'Club'])} {vocabulary.sample(rng, 1)[0].capitalize()} {n}"
        if name.lower() not in names:
            names.add(name.lower())
            rows.append(Partner(name=name, academy_id=academy))
    Partner.objects.bulk_create(rows, batch_size=1000)
    out = {}
    for pk, academy_id in Partner.objects.order_by("pk").values_list("pk", "academy_id"):
        out.setdefault(academy_id, []).append(pk)
    return out


def _insert_actions(context, size):
    """`size` published actions with their links, bulk-inserted; returns their ids."""
    from sps.actions.enums import ActionStatus, CarrierLevel
    from sps.actions.models import Action, ActionPartner, Occurrence

    rng = context["rng"]
    vocabulary = context["vocabulary"]
    schools = context["schools"]
    editions = context["editions"]
    departments = context["departments"]
    years = sorted({year for year, _ in editions})
    year_weights = list(accumulate(range(27, 27 + 7 * len(years), 7)))  # the latest campaign the largest
    actions, school_links, theme_links, partner_links, occurrences = [], [], [], [], []
    for _ in range(size):
        year = rng.choices(years, cum_weights=year_weights)[0]
        school = schools[rng.randrange(len(schools))]
        department = departments[school[2]]
        edition = editions[(year, department.academy_id)]
        roll = rng.random()
        carried = []
        bassin_id = department_id = None
        if roll < 0.90:
            carrier = CarrierLevel.SCHOOL
            carried = [school]
            if rng.random() < 0.15:
                carried += [s for s in (schools[rng.randrange(len(schools))] for _ in range(2)) if s[2] == school[2]]
        elif roll < 0.97:
            carrier = CarrierLevel.BASSIN
            bassin_id = rng.choice(context["bassins_of"][department.pk]).pk
        elif roll < 0.99:
            carrier = CarrierLevel.DEPARTMENT
            department_id = department.pk
        else:
            carrier = CarrierLevel.ACADEMY
        levels = sorted(
            {level for s in carried or [school] for level in rng.sample(LEVELS_OF_KIND.get(s[1], ["3e"]), 1)}
        )
        if rng.random() < 0.05:
            levels.append("mlds")
        publics = ["eleves"] + [
            p for p, w in (("parents", 0.3), ("personnels", 0.2), ("partenaires", 0.15)) if rng.random() < w
        ]
        kind = rng.choice(KINDS)
        title = f"{kind} {' '.join(vocabulary.sample(rng, rng.randint(1, 3)))}"
        published = datetime.datetime.combine(
            edition.week_start - datetime.timedelta(days=rng.randrange(5, 40)), datetime.time(10), datetime.UTC
        )
        actions.append(
            Action(
                edition=edition,
                title=title[:200],
                description=vocabulary.text(rng, rng.randint(15, 35), 600),
                carrier_level=carrier,
                bassin_id=bassin_id,
                department_id=department_id,
                publics=publics,
                levels=levels,
                organisation=vocabulary.text(rng, rng.randint(4, 12), 2000),
                objectives=vocabulary.text(rng, rng.randint(4, 10), 2000),
                contact_name="Contact",
                contact_email="contact@example.org",
                status=ActionStatus.PUBLISHED,
                is_flagship=rng.random() < 0.03,
                from_model_id=rng.choice(context["idea_models"]) if rng.random() < 0.3 else None,
                submitted_at=published,
                validated_at=published,
                published_at=published,
            )
        )
        school_links.append(sorted({s[0] for s in carried}))
        themes = context["themes_of"][edition.pk]
        theme_links.append(sorted(rng.sample(themes, rng.randint(0, 2))))
        pool = context["partners"].get(department.academy_id, []) + context["partners"].get(None, [])
        partner_links.append(sorted(set(rng.sample(pool, rng.randint(1, 2)))) if rng.random() < 0.3 else [])
        days = sorted(rng.sample(range(5), rng.choice([1, 1, 1, 2, 2, 3])))
        occurrences.append(
            [
                (
                    edition.week_start + datetime.timedelta(days=d),
                    datetime.time(rng.choice([8, 9, 10, 14, 16, 18]), rng.choice([0, 30])),
                    rng.random() < 0.6,
                )
                for d in days
            ]
        )
    Action.objects.bulk_create(actions, batch_size=1000)
    SchoolLink = Action.schools.through
    ThemeLink = Action.themes.through
    SchoolLink.objects.bulk_create(
        (SchoolLink(action_id=a.pk, school_id=s) for a, ids in zip(actions, school_links, strict=True) for s in ids),
        batch_size=2000,
    )
    ThemeLink.objects.bulk_create(
        (
            ThemeLink(action_id=a.pk, editiontheme_id=t)
            for a, ids in zip(actions, theme_links, strict=True)
            for t in ids
        ),
        batch_size=2000,
    )
    ActionPartner.objects.bulk_create(
        (
            ActionPartner(action_id=a.pk, partner_id=p, contributions=["animation"])
            for a, ids in zip(actions, partner_links, strict=True)
            for p in ids
        ),
        batch_size=2000,
    )
    Occurrence.objects.bulk_create(
        (
            Occurrence(
                action_id=a.pk,
                date=date,
                start_time=start,
                end_time=(datetime.datetime.combine(date, start) + datetime.timedelta(hours=2)).time(),
                place="Salle polyvalente",
                is_public=public,
            )
            for a, rows in zip(actions, occurrences, strict=True)
            for date, start, public in rows
        ),
        batch_size=2000,
    )
    return [a.pk for a in actions]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=60_000)
    parser.add_argument("--campaigns", type=int, default=3)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench.sqlite3")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--replicate",
        type=int,
        default=1,
        help="multiplier les actions générées par copie SQL (ex. 10 : 100 000 générées → 1 000 000)",
    )
    parser.add_argument(
        "--replicate-existing",
        action="store_true",
        help="ne rien générer : multiplier par --replicate la base existante (copie d'une base générée)",
    )
    args = parser.parse_args()

    if not args.replicate_existing:
        reset_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))
    migrate_s = round(time.perf_counter() - started, 1)
    if args.replicate_existing:
        from sps.catalogue.models import CatalogueEntry

        args.actions = CatalogueEntry.objects.count()
        timings = {"total_s": 0.0}
        from sps.catalogue import counts

        counts.refresh_all()  # a database generated before the counts existed
        fill_search_if_missing()
    else:
        timings = generate(seed=args.seed, actions=args.actions, schools=args.schools, campaigns=args.campaigns)
    if args.replicate > 1:
        timings["replicate_s"] = replicate(args.replicate)
        timings["total_s"] = round(timings["total_s"] + timings["replicate_s"], 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = database_size_mb()
    result = {
        "benchmark": "generate_catalogue",
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "seed": args.seed,
        "actions": args.actions * args.replicate,
        "generated_actions": args.actions,
        "replicate": args.replicate,
        "schools": args.schools,
        "campaigns": args.campaigns,
        "migrate_s": migrate_s,
        **timings,
        "database_mb": size,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": os.getloadavg()},
    }
    print(
        f"{args.actions * args.replicate} actions ({connection.vendor}) : {timings['total_s']} s "
        f"(insertion {timings.get('insert_s')} s, indexation {timings.get('index_s')} s, "
        f"copies {timings.get('replicate_s')} s), base {size} Mo"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(args.output.read_text()) if args.output.exists() else {}
    results[f"{connection.vendor}-{args.actions * args.replicate}"] = result
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
