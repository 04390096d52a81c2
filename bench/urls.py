"""The product's URLs plus the anchor view, mounted only under bench.settings."""

from django.urls import path

from bench.views import trivial
from tesuan.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *product_urlpatterns]
