"""The selection procedure's refusals: each a DomainError with a stable code and a Chinese
message."""

from tesuan.exceptions import DomainError


class DisciplineByProvince(DomainError):
    code = "discipline_by_province"
    default_message = (
        "该人选为省管干部，纪检监察意见由省人社厅统一征求省纪委监委意见，本级无需征求。"
    )


class ExportNotReady(DomainError):
    code = "export_not_ready"
    http_status = 409
    default_message = "文件尚未生成，请稍候。"


class PublicityBackdated(DomainError):
    code = "publicity_backdated"
    default_message = "公示开始日期不能早于今天。"


class PublicityTooShort(DomainError):
    code = "publicity_too_short"
    default_message = "公示期短于规定的工作日数。"


class PublicityDuplicate(DomainError):
    code = "publicity_duplicate"
    default_message = "所选人选已在本机构公示过。"


class ProofUnreadable(DomainError):
    code = "proof_unreadable"
    http_status = 409


class SheetLocked(DomainError):
    code = "sheet_locked"
    http_status = 409
    default_message = "评分表已提交，不能再修改。"


class PanelClosed(DomainError):
    code = "panel_closed"
    http_status = 409
    default_message = "评议已结束，不能再修改。"


class ReviewRequired(DomainError):
    code = "review_required"
    default_message = "该人选尚未完成本级专家评议（评议组结束评议后方可上报）。"


class PublicityRequired(DomainError):
    code = "publicity_required"
    default_message = "该人选尚未完成本级内部公示，或公示期间的反映尚未核查处理完毕。"


class DisciplineOpinionRequired(DomainError):
    code = "discipline_opinion_required"
    default_message = "尚未记录纪检监察机关对该人选的意见。"
