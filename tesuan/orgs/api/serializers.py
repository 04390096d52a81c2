from rest_framework import serializers

from tesuan.orgs.models import Contact, Organisation


class OrganisationContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "purpose",
            "talent_type",
            "contact_unit",
            "person",
            "phone",
            "fax",
            "email",
            "address",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    parent_id = serializers.IntegerField(read_only=True, allow_null=True)
    contacts = OrganisationContactSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "name",
            "short_name",
            "division_code",
            "depth",
            "parent_id",
            "handles_professional",
            "handles_skilled",
            "contacts",
        ]
