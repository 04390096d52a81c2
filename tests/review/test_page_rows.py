"""The queue's rows and the reviewer's score sheet: their text is prepared in the views, and the
pages show the same cells, labels, ids and states as before."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from review.services import review_forward, review_not_recommend
from selection import panels
from tests.factories import scoring_panel, submitted_declaration

pytestmark = pytest.mark.django_db


def test_queue_rows_show_link_type_levels_state_and_local_submission_time(client, chain):
    waiting = submitted_declaration(chain.hospital, name="张明华")
    forwarded = submitted_declaration(chain.hospital, name="李秀英")
    stopped = submitted_declaration(chain.hospital, name="王建国")
    review_forward(actor=chain.unit, declaration_id=forwarded.pk, opinion="同意")
    review_not_recommend(actor=chain.unit, declaration_id=stopped.pk, reason="不符合条件")
    client.force_login(chain.unit)

    pending = client.get(reverse("review:queue")).content.decode()
    local = timezone.localtime(waiting.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert (
        f'<td data-label="选择"><input type="checkbox" name="ids" value="{waiting.pk}" '
        'aria-label="选择张明华"></td>'
    ) in pending
    assert (
        f'<td data-label="姓名"><a href="/review/{waiting.pk}/">张明华</a></td>\n'
        '      <td data-label="人才类型">专业技术人才</td>\n'
        '      <td data-label="所在单位">潞州区人民医院</td>\n'
        '      <td data-label="当前层级">潞州区人民医院</td>\n'
        '      <td data-label="状态">待审核</td>\n'
        f'      <td data-label="提交时间">{local}</td>'
    ) in pending

    everything = client.get(reverse("review:queue"), {"state": "all"}).content.decode()
    assert 'name="ids"' not in everything
    assert f'<a href="/review/{forwarded.pk}/">李秀英</a>' in everything
    forwarded_row = everything.split("李秀英</a>")[1].split("</tr>")[0]
    assert '<td data-label="当前层级">长治市潞州区人力资源和社会保障局</td>' in forwarded_row
    assert '<td data-label="状态">已上报</td>' in forwarded_row
    stopped_row = everything.split("王建国</a>")[1].split("</tr>")[0]
    assert '<td data-label="状态">不予推荐</td>' in stopped_row


def test_score_sheet_cards_label_name_and_lock_each_input(client, chain):
    panel, reviewer, (declaration,) = scoring_panel(
        chain,
        ("张明华",),
        criteria=[("业绩贡献", Decimal("62.5")), ("社会影响", Decimal("37.5"))],
    )
    first, second = panel.criteria.all()
    panels.sheet_save(
        reviewer=reviewer,
        panel_id=panel.pk,
        declaration_id=declaration.pk,
        scores={first.pk: 90, second.pk: ""},
        recommend=True,
    )
    client.force_login(reviewer)
    url = reverse("selection:sheet", args=[panel.pk])

    html = client.get(url).content.decode()
    ids = f"score_{declaration.pk}_{first.pk}", f"score_{declaration.pk}_{second.pk}"
    assert '<h2>张明华<span class="hint"> 潞州区人民医院</span></h2>' in html
    sheet_candidate = reverse("selection:sheet_candidate", args=[panel.pk, declaration.pk])
    assert f'<a href="{sheet_candidate}">查看申报信息</a>' in html
    assert f'<label for="{ids[0]}">业绩贡献（权重 62.5，满分 100）</label>' in html
    assert (
        f'<input type="text" inputmode="numeric" id="{ids[0]}" name="{ids[0]}" value="90"></div>'
    ) in html
    assert f'<label for="{ids[1]}">社会影响（权重 37.5，满分 100）</label>' in html
    assert f'id="{ids[1]}" name="{ids[1]}" value=""></div>' in html
    assert 'value="yes" checked> 推荐' in html
    assert (
        f'<button type="submit" name="conflict" value="{declaration.pk}">声明回避</button>' in html
    )
    assert f'name="reason_{declaration.pk}"' in html
    assert f'<label for="reason_{declaration.pk}">回避原因</label>' in html
    assert "disabled" not in html
    assert 'value="save"' in html and 'value="submit"' in html

    panels.sheet_save(
        reviewer=reviewer,
        panel_id=panel.pk,
        declaration_id=declaration.pk,
        scores={first.pk: 90, second.pk: 70},
        recommend=True,
    )
    panels.sheet_submit(reviewer=reviewer, panel_id=panel.pk)
    locked = client.get(url).content.decode()
    assert f'name="{ids[1]}" value="70" disabled></div>' in locked
    assert 'value="yes" checked disabled> 推荐' in locked
    assert 'name="conflict"' not in locked and f'name="reason_{declaration.pk}"' not in locked
    assert 'value="save"' not in locked and 'value="submit"' not in locked
