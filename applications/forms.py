"""The declaration editor's input and display shapes, built from ``applications.schema``.

The draft keeps raw text, so there is no Django form here: the POST is read into the ``changes``
the save service takes, and each field is handed to the template with its value and problems.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from applications import personal_data, services
from applications.checks import parse_date, parse_month
from applications.eligibility import declaration_assess
from applications.enums import ACHIEVEMENTS_MAX_CHARS, CONDITIONS, YesNo
from applications.models import Declaration
from applications.schema import BASIC_FIELDS, ROW_SECTIONS, SECTIONS, FieldSpec, RowSpec
from quotas.models import Campaign
from tesuan.accounts.enums import ADMIN_ROLES
from tesuan.accounts.models import User
from tesuan.enums import TalentType

ROW_NAME = re.compile(r"^(?P<section>\w+)-(?P<index>\d+)-(?P<column>\w+)$")


def changes_from_post(post: QueryDict) -> dict:
    """What the editor sent, as ``declaration_save_draft`` takes it."""
    changes: dict = {
        "basic": {spec.key: post.get(spec.key, "") for spec in BASIC_FIELDS if spec.key in post},
        "conditions": post.getlist("conditions"),
    }
    for key in (
        "talent_type",
        "recommending_organisation",
        "achievements",
        "retirement_explanation",
    ):
        if key in post:
            changes[key] = post[key]
    rows: dict[str, dict[int, dict[str, str]]] = {section.key: {} for section in ROW_SECTIONS}
    for name, value in post.items():
        match = ROW_NAME.match(name)
        if match and match["section"] in rows:
            rows[match["section"]].setdefault(int(match["index"]), {})[match["column"]] = value
    for section in ROW_SECTIONS:
        changes[section.key] = [rows[section.key][index] for index in sorted(rows[section.key])]
    return changes


def _choices(spec: FieldSpec) -> list[tuple[str, str]]:
    if spec.kind == "yesno":
        return [(value, str(label)) for value, label in YesNo.choices]
    return spec.choices() if spec.choices else []


@cache
def _option_tags(spec: FieldSpec) -> str:
    """A choice field's ``<option>`` tags, escaped once per process: the code tables behind
    籍贯 or 所属行业 hold hundreds of entries, which the template engine would otherwise render
    tag by tag on every page."""
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>'
        for value, label in _choices(spec)
    )


@dataclass
class FieldView:
    spec: FieldSpec
    value: str
    problems: list[str]
    name: str
    applicable: bool = True  # for this talent type, and its 是/否 flag (if any) is 是
    help: str = ""  # the spec's help, with the campaign's facts filled in

    @property
    def options(self) -> SafeString:
        """The ``<option>`` tags, the current value selected."""
        tags = _option_tags(self.spec)
        if not self.value:
            return mark_safe(tags)
        tag = f'<option value="{escape(self.value)}">'
        return mark_safe(tags.replace(tag, f"{tag[:-1]} selected>", 1))

    @property
    def input_type(self) -> str:
        """The HTML input type; text where a stored value would not survive a date picker."""
        if self.spec.kind == "date":
            return "date" if not self.value or parse_date(self.value) else "text"
        if self.spec.kind == "month":
            return "month" if not self.value or parse_month(self.value) else "text"
        return {"email": "email", "mobile": "tel", "phone": "tel"}.get(self.spec.kind, "text")

    @property
    def is_choice(self) -> bool:
        return self.spec.kind in ("choice", "yesno")

    @property
    def talent_types(self) -> str:
        return " ".join(self.spec.talent_types)

    @property
    def display(self) -> str:
        return self.spec.choice_label(self.value) if self.value else ""


def basic_field_views(
    basic: dict, problems: dict[str, list[str]], campaign: Campaign
) -> list[FieldView]:
    return [
        FieldView(
            spec,
            str(basic.get(spec.key, "")),
            problems.get(spec.key, []),
            spec.key,
            help=spec.help_for(campaign),
        )
        for spec in BASIC_FIELDS
    ]


@dataclass
class RowsView:
    section: RowSpec
    rows: list[list[FieldView]]  # the stored rows and one blank row to type into
    problems: list[str]

    @property
    def filled(self) -> list[list[FieldView]]:
        return self.rows[:-1]


def row_views(declaration: Declaration, problems: dict[str, list[str]]) -> list[RowsView]:
    views = []
    for section in ROW_SECTIONS:
        rows = []
        stored = getattr(declaration, section.key)
        # One blank row to type into (without script too); blank rows are dropped on save.
        for index, row in enumerate([*stored, {}]):
            rows.append(
                [
                    FieldView(
                        spec,
                        row.get(spec.key, ""),
                        problems.get(f"{section.key}.{index}.{spec.key}", []),
                        f"{section.key}-{index}-{spec.key}",
                    )
                    for spec in section.columns
                ]
            )
        views.append(RowsView(section, rows, problems.get(section.key, [])))
    return views


def condition_views(declaration: Declaration) -> list[dict]:
    return [
        {
            "code": code,
            "text": text,
            "talent_type": talent_type,
            "shown": talent_type == declaration.talent_type,
            "checked": code in declaration.conditions,
        }
        for talent_type, conditions in CONDITIONS.items()
        for code, text in conditions
    ]


def declaration_page_context(
    declaration: Declaration, *, problems_shown: bool, viewer: User, full_numbers: bool = False
) -> dict:
    """What the declaration's pages show: its fields with their problems, the findings.

    The ID and mobile numbers are masked for anyone but the applicant, unless ``full_numbers``
    (the caller has recorded the full view); admins get a button to ask for them.
    """
    assessment = declaration_assess(declaration)
    problems = assessment.problems_by_field() if problems_shown else {}
    full = full_numbers or personal_data.shows_in_full(viewer=viewer, declaration=declaration)
    return {
        "declaration": declaration,
        "sections": SECTIONS,
        "fields": basic_field_views(
            declaration.basic if full else personal_data.basic_masked(declaration.basic),
            problems,
            declaration.campaign,
        ),
        "revealable": () if full or viewer.role not in ADMIN_ROLES else tuple(personal_data.MASKS),
        "row_sections": row_views(declaration, problems),
        "conditions": condition_views(declaration),
        "assessment": assessment,
        "problems": problems,
        "recommending_choices": services.recommending_choices(declaration.organisation),
        "talent_types": TalentType.choices,
        "achievements_max": ACHIEVEMENTS_MAX_CHARS,
        # Where the photo and each proof are fetched from; a reviewer's page replaces them with
        # its own permission-checked addresses.
        "photo_url": reverse("applications:declaration_photo", args=[declaration.pk]),
        # Called by the template only where the proofs are listed: no query elsewhere.
        "proof_links": lambda: [
            (proof, reverse("applications:proof_download", args=[declaration.pk, proof.pk]))
            for proof in declaration.proof_materials.all()
        ],
    }
