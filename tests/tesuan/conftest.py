from tests.chain import chain  # noqa: F401  (admins at every level, quotas allocated)
from tests.s3 import s3_bucket, s3_endpoint  # noqa: F401  (a real S3-compatible server)
