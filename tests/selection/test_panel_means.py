"""The candidates' mean scores of the 人选一览表 (``panel_means``) are those of the
专家评议结果汇总表 (``panel_results``) to the last bit, whether the database sums the weighted
scores (weights that make every score an exact decimal) or Python weighs each score."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selection import panels
from selection.models import Criterion, Panel, PanelCandidate, PanelMember, Score
from tests.factories import org, submitted_declaration, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db

# (weight, max_score) per criterion, and whether the database can sum the panel's scores.
PANELS = [
    ([("50", 100), ("30", 100), ("20", 100)], True),
    ([("33.33", 100), ("33.33", 100), ("33.34", 100)], True),
    ([("0.01", 8), ("899.99", 64), ("100", 40)], True),
    ([("1", 100), ("1", 100), ("1", 100)], False),  # a third of each
    ([("3", 3), ("97", 100)], False),  # 100 / 3 points per point of the first
    ([("7.77", 7), ("2.5", 30)], False),
    ([("60", 9), ("40", 11)], False),
]


def _panel(chain, criteria, declarations, rng: random.Random) -> Panel:
    """A closed panel of three submitted sheets with random scores (one reviewer skips a
    candidate, the last candidate is scored by no one) and a fourth sheet never submitted."""
    panel = Panel.objects.create(
        campaign=chain.campaign,
        organisation=org("140400"),
        talent_type="professional",
        name="评议组",
        created_by=chain.changzhi,
        closed_at=timezone.now(),
    )
    made = [
        Criterion.objects.create(
            panel=panel, name=f"评分项{n}", weight=Decimal(weight), max_score=top, position=n
        )
        for n, (weight, top) in enumerate(criteria)
    ]
    for declaration in declarations:
        PanelCandidate.objects.create(panel=panel, declaration=declaration)
    for number in range(4):
        member = PanelMember.objects.create(
            panel=panel,
            reviewer=user(Role.REVIEWER, org("140400")),
            submitted_at=timezone.now() if number < 3 else None,
        )
        for index, declaration in enumerate(declarations[:-1]):
            if (number, index) == (1, 0):
                continue
            Score.objects.bulk_create(
                Score(
                    member=member,
                    declaration=declaration,
                    criterion=criterion,
                    value=rng.choice(
                        [0, 1, criterion.max_score, rng.randint(0, criterion.max_score)]
                    ),
                )
                for criterion in made
            )
    return panel


@pytest.fixture
def declarations(chain):
    return [submitted_declaration(chain.hospital, name=name) for name in "甲乙丙丁"]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("criteria", "summed"), PANELS)
def test_the_means_are_the_panel_results_means(chain, declarations, criteria, summed, seed):
    panel = _panel(chain, criteria, declarations, random.Random(seed))
    assert (panels._integer_factors({c.pk: c for c in panel.criteria.all()}) is not None) == summed
    expected = {result.declaration.pk: result.mean for result in panels.panel_results(panel)}
    assert panels.panel_means(panels=Panel.objects.filter(pk=panel.pk)) == expected
    assert expected[declarations[-1].pk] is None


@pytest.mark.parametrize(("criteria", "summed"), [row for row in PANELS if row[1]])
def test_every_summed_score_is_the_decimal_one(criteria, summed):
    """For every value a criterion can take, and random sheets, the integer sum divided by the
    power of ten is the float of the Decimal ``panel_results`` computes."""
    made = {
        pk: Criterion(pk=pk, weight=Decimal(weight), max_score=top)
        for pk, (weight, top) in enumerate(criteria, start=1)
    }
    factors, places = panels._integer_factors(made)
    for pk, criterion in made.items():
        for value in (*range(criterion.max_score + 1), panels.SCORE_BOUND):
            weighted = panels._weighted_scores(made, [(1, 1, pk, value)])
            assert weighted == {1: [value * factors[pk] / 10**places]}
    rng = random.Random(7)
    for _sheet in range(2000):
        values = {pk: rng.randint(0, panels.SCORE_BOUND) for pk in made}
        weighted = panels._weighted_scores(made, [(1, 1, pk, v) for pk, v in values.items()])
        summed_up = sum(v * factors[pk] for pk, v in values.items())
        assert weighted == {1: [summed_up / 10**places]}


def test_the_means_take_five_queries_however_many_panels(chain, declarations):
    rng = random.Random(1)

    def queries(count: int) -> int:
        made = [_panel(chain, PANELS[n % 4][0], declarations, rng) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            panels.panel_means(panels=Panel.objects.filter(pk__in=[p.pk for p in made]))
        # Reads only: the stream's transaction is a savepoint here, inside the test's.
        return sum(
            1 for query in captured if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
        )

    assert queries(4) == queries(8) == 5
