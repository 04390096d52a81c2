from tests.chain import chain  # noqa: F401  (admins at every level, quotas allocated)
