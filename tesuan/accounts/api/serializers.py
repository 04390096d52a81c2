from rest_framework import serializers

from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation
from tesuan.privacy import mask_mobile


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "division_code"]


class UserSerializer(serializers.ModelSerializer):
    organisation = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "role",
            "organisation",
            "talent_type",
            "mobile",
            "email",
            "must_change_password",
            "is_active",
            "date_joined",
        ]
        read_only_fields = fields

    def to_representation(self, user: User) -> dict:
        """The mobile number in full only to its owner; admins' lists show it masked."""
        data = super().to_representation(user)
        request = self.context.get("request")
        if request is None or request.user.pk != user.pk:
            data["mobile"] = mask_mobile(data["mobile"]) if data["mobile"] else ""
        return data


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=60)
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    talent_type = serializers.ChoiceField(
        choices=TalentType.choices, required=False, allow_blank=True, default=""
    )
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")


class UserUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    is_active = serializers.BooleanField(required=False)


class OneTimePasswordSerializer(serializers.Serializer):
    user = UserSerializer()
    password = serializers.CharField(help_text="一次性密码，仅显示这一次；用户首次登录须修改。")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10,
        help_text="动态口令（6 位数字）：仅启用了动态口令的管理员账户需要。",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    must_change_password = serializers.BooleanField()


class NewPasswordSerializer(serializers.Serializer):
    new_password = serializers.CharField(trim_whitespace=False)
    new_password_confirm = serializers.CharField(trim_whitespace=False)


class PasswordChangeSerializer(NewPasswordSerializer):
    old_password = serializers.CharField(trim_whitespace=False)


class ContactDetailsSerializer(serializers.Serializer):
    mobile = serializers.CharField(allow_blank=True, max_length=20)
    email = serializers.CharField(allow_blank=True, max_length=254)


class FirstLoginSerializer(NewPasswordSerializer, ContactDetailsSerializer):
    pass
