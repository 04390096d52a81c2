import pytest
from django.core.management import CommandError, call_command

from applications.models import PastRecipient
from tests.factories import resident_id
from tesuan.crypto import keyed_hash

pytestmark = pytest.mark.django_db


def test_import_past_recipients_reports_bad_lines_and_is_repeatable(tmp_path, capsys):
    good = resident_id("14040319600101123")
    csv_file = tmp_path / "recipients.csv"
    csv_file.write_text(
        "证件类型,证件号码,姓名,享受年度\n"
        f"居民身份证,{good},王某,2018\n"
        "居民身份证,140403196001011231,李某,2019\n"
        "护照,E12345678,Smith,2020\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 行未导入"):
        call_command("import_past_recipients", str(csv_file))
    captured = capsys.readouterr()
    assert "已导入 2 人" in captured.out
    assert "第 3 行：" in captured.err and "校验位" in captured.err
    assert set(PastRecipient.objects.values_list("id_number_key", "id_number")) == {
        (keyed_hash(good), good),
        (keyed_hash("E12345678"), "E12345678"),
    }
    with pytest.raises(CommandError):
        call_command("import_past_recipients", str(csv_file))
    assert "更新 2 人" in capsys.readouterr().out
    assert PastRecipient.objects.count() == 2
