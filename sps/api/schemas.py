"""What the API answers: stable English snake_case field names (docs/api.md). The action record is
the open data record (sps.catalogue.exports.COLUMNS): the same names in the exports and the API."""

import datetime

from ninja import Schema


class Error(Schema):
    detail: str


class ParamError(Schema):
    param: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[ParamError]


class ThemeOut(Schema):
    id: int
    title: str


class EditionOut(Schema):
    id: int
    school_year: str
    academy: str
    academy_name: str
    ordinal: int
    title: str
    national_theme: str
    week_start: datetime.date
    week_end: datetime.date
    themes: list[ThemeOut]
    url: str


class ActionOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    school_year: str
    edition_id: int
    academy: str
    academy_name: str
    department: str | None
    department_name: str | None
    bassin_id: int | None
    bassin_name: str | None
    carrier: str
    communes: str
    school_uais: list[str]
    school_kinds: list[str]
    levels: list[str]
    publics: list[str]
    themes: list[str]
    category: str
    is_flagship: bool
    first_date: datetime.date | None
    last_date: datetime.date | None
    days: list[datetime.date]
    published_at: datetime.datetime
    updated_at: datetime.datetime
    kind: str  # « action » here; « event » in EventOut


class ActionPage(Schema):
    items: list[ActionOut]
    next_cursor: str | None
    next: str | None


class EventOut(ActionOut):
    """An event of the week as the catalogue lists it: the open data record (`kind` « event »,
    `id` the event's; school, level, category and flagship fields are empty for events)."""


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None
    next: str | None


class RemovalOut(Schema):
    id: int
    removed_at: datetime.datetime


class RemovalPage(Schema):
    items: list[RemovalOut]
    next_cursor: str | None
    next: str | None


class SchoolOut(Schema):
    uai: str
    name: str
    kind: str
    sector: str
    nature: str
    address: str
    postal_code: str
    commune: str
    commune_code: str
    department: str
    academy: str
    bassin_id: int | None
    bassin_name: str | None
    priority_education: str
    latitude: float | None
    longitude: float | None
    website: str
    is_open: bool
    url: str


class SchoolPage(Schema):
    items: list[SchoolOut]
    next_cursor: str | None
    next: str | None


class AcademyOut(Schema):
    code: str
    slug: str
    name: str
    region: str | None
    valid_until: datetime.date | None
    successor: str | None


class DepartmentOut(Schema):
    code: str
    name: str
    academy: str


class BassinOut(Schema):
    id: int
    code: str | None
    name: str
    department: str
    academy: str
