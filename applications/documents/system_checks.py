"""Django system checks for rendering documents (``manage.py check``, and at every start)."""

import ctypes

from django.core.checks import Warning, register

HARFBUZZ_SUBSET = "libharfbuzz-subset.so.0"


@register()
def harfbuzz_subset_check(app_configs, **kwargs) -> list[Warning]:
    return library_warnings(HARFBUZZ_SUBSET)


def library_warnings(library: str) -> list[Warning]:
    """WeasyPrint subsets the embedded Chinese fonts with HarfBuzz when it can load it; without
    it, it silently falls back to fontTools, about 45 times slower per document."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return [
            Warning(
                f"{library} cannot be loaded: WeasyPrint will subset the Chinese fonts of "
                "every PDF with fontTools instead, about 45 times slower.",
                hint="Install it: apt-get install libharfbuzz-subset0 (see SYSTEM_PACKAGES in "
                "the Makefile).",
                id="applications.W001",
            )
        ]
    return []
