"""The public programme's read model: one narrow, denormalised row per published item.

The catalogue, its facets, the map, the calendar, the feeds, the exports and the API read these
tables, never the fiches themselves: at 1,000,000 actions a facet count is one pass over integer
columns. `sps.catalogue.index` keeps them in step with the fiches (publication, edit, take-down,
school renamed); `manage.py rebuild_catalogue` rebuilds them from scratch.
"""

from django.db import models
from django.urls import reverse

from sps.catalogue.enums import EntryKind


class CatalogueEntry(models.Model):
    """One published item of the programme in one académie.

    An action has exactly one entry. An event shared by several académies of a région académique
    (seed 004) has one entry per organising académie, all alike but for `academy` and `edition`,
    and exactly one of them is `is_primary`. Why one entry per académie rather than one entry and a
    link table: the académie filter, the académie facet, the facet counts kept per (school year,
    académie), the printable programme of an académie and its indexes stay what they are for
    actions (one integer column, no join on the hot path). The rule that keeps « visible in each
    académie, counted once nationally » is in one place, `CatalogueQuery.filter_q`: a query that
    does not filter on an académie keeps the primary entries only (so the national results, total
    and every facet count each event once), a query filtered on an académie keeps that académie's
    entries, and the académie facet (which leaves its own filter out) counts each académie's
    entries. Actions are always primary.
    """

    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.ACTION)
    action = models.OneToOneField(
        "actions.Action", null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_entries"
    )
    is_primary = models.BooleanField(default=True)
    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("editions.Campaign", on_delete=models.CASCADE, related_name="+")
    academy = models.ForeignKey("territories.Academy", on_delete=models.CASCADE, related_name="+")
    # The carrier's département and bassin (the first school's when several schools carry it).
    department = models.ForeignKey(
        "territories.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bassin = models.ForeignKey("territories.Bassin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=300)
    # « Créteil, Vitry-sur-Seine »: the communes of the carrying schools, as displayed.
    communes = models.CharField(max_length=300, blank=True)
    carrier_label = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=30, blank=True)
    is_flagship = models.BooleanField(default=False)
    # Multi-valued facets as bit masks (sps.catalogue.enums).
    level_mask = models.PositiveIntegerField(default=0)
    public_mask = models.PositiveIntegerField(default=0)
    school_kind_mask = models.PositiveIntegerField(default=0)
    weekday_mask = models.PositiveIntegerField(default=0)
    # Themes and days as a base and a 63-bit mask of offsets from it (bit i: theme id base + i, day
    # base + i days), copied from CatalogueTheme and CatalogueDay so that the facet counts never join
    # those tables (sps.catalogue.index.link_masks). A NULL mask: the values span more than 63, the
    # facets read that entry's link table instead. The filters still read the link tables.
    theme_base = models.BigIntegerField(null=True, blank=True)
    theme_mask = models.BigIntegerField(null=True, blank=True, default=0)
    day_base = models.DateField(null=True, blank=True)
    day_mask = models.BigIntegerField(null=True, blank=True, default=0)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["edition", "first_date"]),
            # A territory's year in the catalogue's order: its first page is read from the index.
            models.Index(fields=["academy", "campaign", "first_date", "id"], name="catalogue_academy_year_date"),
            models.Index(fields=["department", "campaign", "first_date", "id"], name="catalogue_department_year_date"),
            models.Index(fields=["bassin", "campaign", "first_date", "id"], name="catalogue_bassin_year_date"),
            models.Index(fields=["campaign", "first_date", "id"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "academy"], condition=models.Q(event__isnull=False), name="catalogue_event_academy"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        """The public page: the action's fiche, or the event's page under /evenements/."""
        if self.kind == EntryKind.EVENT:
            return reverse("public:event_detail", kwargs={"pk": self.event_id})
        return reverse("public:action_detail", kwargs={"pk": self.action_id})

    @property
    def object_id(self) -> int:
        """The id of the action or the event (the public page's and the open data's `id`)."""
        return self.event_id if self.kind == EntryKind.EVENT else self.action_id

    @property
    def is_event(self) -> bool:
        return self.kind == EntryKind.EVENT

    @property
    def summary(self) -> str:
        """The public summary, from CatalogueText (prefetch `text` when reading it for many rows)."""
        try:
            return self.text.summary
        except CatalogueText.DoesNotExist:
            return ""


class CatalogueText(models.Model):
    """The long texts of an entry, kept out of CatalogueEntry so that the facet counts and the
    matches scan narrow rows (docs/performance.md): a page reads the summaries of its 20 rows only."""

    entry = models.OneToOneField(CatalogueEntry, primary_key=True, on_delete=models.CASCADE, related_name="text")
    summary = models.TextField(blank=True)
    # Accent- and case-folded text of every searched field (the full-text index is built from it).
    search_text = models.TextField(blank=True)

    def __str__(self):
        return str(self.entry_id)


class CatalogueSchool(models.Model):
    """A carrying school of an entry (school facet, school pages, the map's points)."""

    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="school_links")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "entry"], name="catalogue_school_unique")]

    def __str__(self):
        return f"{self.entry_id} — {self.school_id}"


class CatalogueTheme(models.Model):
    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.ForeignKey("editions.EditionTheme", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["theme", "entry"], name="catalogue_theme_unique")]

    def __str__(self):
        return f"{self.entry_id} — {self.theme_id}"


class CatalogueDay(models.Model):
    """A day on which the entry has a public temps fort (the « jour » facet and the calendar)."""

    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "entry"], name="catalogue_day_unique")]

    def __str__(self):
        return f"{self.entry_id} — {self.date}"


class CatalogueRemoval(models.Model):
    """An item that left the public programme (taken down, withdrawn, deleted): the API lists these
    ids so that a copy kept by an académie website can drop them."""

    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.ACTION)
    object_id = models.PositiveBigIntegerField()
    removed_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="catalogue_removal_unique")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class CatalogueCount(models.Model):
    """Facet counts computed in advance per school year, académie, département and bassin: the
    catalogue of a territory without any other filter (an académie's programme as it opens, the
    national table) reads its facets here in one small query instead of counting its entries
    (sps.catalogue.counts; kept in step by sps.catalogue.index)."""

    campaign = models.ForeignKey("editions.Campaign", on_delete=models.CASCADE, related_name="+")
    academy = models.ForeignKey("territories.Academy", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "territories.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    bassin = models.ForeignKey("territories.Bassin", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Counts of the primary entries or of the others (the copies of shared events in their other
    # académies): a query without an académie filter sums the primary rows only (CatalogueEntry).
    is_primary = models.BooleanField(default=True)
    # « total », a facet of CatalogueQuery (school_kind, level, public, theme, category, day,
    # flagship) or « schools » (distinct carrying schools of the académie, on its académie-wide row).
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=30, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        # A territory's own facets (campaign, académie first); the facets of the territories
        # around it (« total » rows of every académie of a year).
        indexes = [
            models.Index(fields=["campaign", "academy", "facet"]),
            models.Index(fields=["facet", "campaign", "academy"]),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}: {self.count}"


class CatalogueVersion(models.Model):
    """One row whose token changes with every write to the catalogue (sps.catalogue.counts, after
    each change of entries): the results kept in the cache are keyed by it (sps.catalogue.cache), so
    that none outlives a publication, an edit or a take-down, in any server process."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return self.token
