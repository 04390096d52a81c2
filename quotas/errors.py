"""This app's refusals: each a DomainError with a stable code and a Chinese message."""

from rest_framework import status

from tesuan.exceptions import DomainError


class QuotaExhausted(DomainError):
    code = "quota_exhausted"
    http_status = status.HTTP_409_CONFLICT
    default_message = "指标已满。"


class QuotaNotAllocated(DomainError):
    code = "quota_not_allocated"
    http_status = status.HTTP_409_CONFLICT
    default_message = "尚未分配推荐指标，不能上报。"


class DeadlinePassed(DomainError):
    code = "deadline_passed"
    default_message = "已超过报送截止日期，逾期不予受理。"


class DeadlineAlreadySet(DomainError):
    code = "deadline_already_set"
    http_status = status.HTTP_409_CONFLICT
    default_message = "报送截止日期已设定，如需调整请延期并填写原因。"


class DeadlineAfterParent(DomainError):
    code = "deadline_after_parent"
    default_message = "报送截止日期不能晚于上级机构的截止日期。"


class DeadlineBeforeChild(DomainError):
    code = "deadline_before_child"
    default_message = "下级机构已设定更晚的报送截止日期。"


class AllocatorMissing(DomainError):
    code = "allocator_missing"
