"""The declaration's business refusals, each with a Chinese message and a stable code."""

from rest_framework import status

from tesuan.exceptions import DomainError


class NoOpenCampaign(DomainError):
    code = "no_open_campaign"
    default_message = "当前没有正在进行的申报年度，暂不能新增申报信息。"


class AlreadyDeclared(DomainError):
    code = "already_declared"
    http_status = status.HTTP_409_CONFLICT
    default_message = "您在本申报年度已有申报信息，请在列表中点击“修改”。"


class NotEditable(DomainError):
    code = "not_editable"
    http_status = status.HTTP_409_CONFLICT
    default_message = "已提交的申报信息不能修改。如需修改，请联系本单位管理员退回。"


class VersionConflict(DomainError):
    code = "version_conflict"
    http_status = status.HTTP_409_CONFLICT
    default_message = (
        "该申报信息已在其他页面或窗口中保存过。为避免覆盖，本次内容未保存，仍保留在本页："
        "请先复制需要保留的内容，再刷新页面后修改。"
    )


class TooManyRows(DomainError):
    """More rows in a table than the printed form holds: refused when saved, not only when
    submitted, since every draft can be printed and rendered."""

    code = "too_many_rows"

    def __init__(self, title: str, max_rows: int) -> None:
        super().__init__(
            f"{title}最多填写 {max_rows} 条（打印的申报表只能容纳这么多），"
            "本次内容未保存：请合并或删去多余的条目后再保存。"
        )


class NotReady(DomainError):
    code = "not_ready"
    default_message = "申报信息还有需要修改的地方，暂不能提交。"


class InvalidTransition(DomainError):
    code = "invalid_state"
    http_status = status.HTTP_409_CONFLICT
    default_message = "当前状态下不能执行此操作。"


class InvalidUpload(DomainError):
    code = "invalid_upload"
    default_message = "上传的文件不符合要求。"


class DocumentNotReady(DomainError):
    code = "document_not_ready"
    http_status = status.HTTP_409_CONFLICT
    default_message = "申报表文件尚未生成，请稍候。"
