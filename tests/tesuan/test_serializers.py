import pytest

from tesuan.orgs.models import Organisation
from tesuan.serializers import BuiltOnceModelSerializer

pytestmark = pytest.mark.django_db


class CountingSerializer(BuiltOnceModelSerializer):
    built = 0

    class Meta:
        model = Organisation
        fields = ["id", "name"]

    def build_field(self, *args, **kwargs):
        type(self).built += 1
        return super().build_field(*args, **kwargs)


def test_built_once_model_serializer_inspects_the_model_once_per_class():
    first, second = CountingSerializer(), CountingSerializer()
    assert list(first.fields) == list(second.fields) == ["id", "name"]
    assert CountingSerializer.built == 2


def test_built_once_model_serializer_gives_each_instance_its_own_fields():
    organisation = Organisation(pk=7, name="长治市")
    first, second = CountingSerializer(organisation), CountingSerializer()
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    assert first.data == {"id": 7, "name": "长治市"}
